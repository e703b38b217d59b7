using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace LogisticsFunctions.Tests.Push;

/// <summary>
/// A storage endpoint that hangs: it accepts every connection on loopback and reads whatever is sent, but
/// never answers. The connection string names it for blobs and queues with Azurite's development account,
/// so the Storage SDK signs its requests as usual and then waits.
/// </summary>
internal sealed class BlackHoleServer : IAsyncDisposable
{
    private readonly TcpListener _listener;
    private readonly CancellationTokenSource _stop = new();
    private readonly TaskCompletionSource _requested = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly List<TcpClient> _clients = [];
    private readonly Task _accepting;
    private int _connections;

    private BlackHoleServer()
    {
        _listener = new TcpListener(IPAddress.Loopback, 0);
        _listener.Start();
        _accepting = AcceptAsync();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public string ConnectionString => string.Create(
        CultureInfo.InvariantCulture,
        $"DefaultEndpointsProtocol=http;AccountName={AzuriteServer.AccountName};AccountKey={AzuriteServer.AccountKey};BlobEndpoint=http://127.0.0.1:{Port}/{AzuriteServer.AccountName};QueueEndpoint=http://127.0.0.1:{Port}/{AzuriteServer.AccountName};");

    /// <summary>Completes once the first bytes of a request arrived: the client is now waiting for an answer.</summary>
    public Task Requested => _requested.Task;

    /// <summary>Connections accepted so far.</summary>
    public int Connections => Volatile.Read(ref _connections);

    public static BlackHoleServer Start() => new();

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _accepting.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        lock (_clients)
        {
            foreach (var client in _clients)
            {
                client.Dispose();
            }
        }

        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            Interlocked.Increment(ref _connections);
            lock (_clients)
            {
                _clients.Add(client);
            }

            _ = SwallowAsync(client);
        }
    }

    // Reads and drops what the client sends, so it is never held up writing: only the answer never comes.
    private async Task SwallowAsync(TcpClient client)
    {
        var buffer = new byte[4096];
        try
        {
            var stream = client.GetStream();
            while (await stream.ReadAsync(buffer, _stop.Token) > 0)
            {
                _requested.TrySetResult();
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException or ObjectDisposedException or SocketException)
        {
            // The client gave up or the test ended.
        }
    }
}
