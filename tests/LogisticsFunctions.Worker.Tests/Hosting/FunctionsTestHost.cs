using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Google.Protobuf;
using LogisticsFunctions.Worker.Tests.Rpc;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace LogisticsFunctions.Worker.Tests.Hosting;

/// <summary>
/// Plays the Azure Functions host for one published isolated worker: serves the FunctionRpc gRPC
/// service on 127.0.0.1 (h2c, random port), starts the worker process the way the host does, runs the
/// handshake (StartStream, WorkerInit, FunctionsMetadata, FunctionLoad per function) and then invokes
/// functions over the same stream.
/// </summary>
public sealed partial class FunctionsTestHost : IAsyncDisposable
{
    private static readonly TimeSpan ExitGrace = TimeSpan.FromSeconds(3);

    private readonly FunctionsTestHostOptions _options;
    private readonly WebApplication _server;
    private readonly WorkerConnection _connection;
    private readonly Process _process;
    private readonly Task _processExited;
    private readonly List<RpcFunctionMetadata> _functions = [];
    private int _disposed;

    private FunctionsTestHost(
        FunctionsTestHostOptions options,
        WebApplication server,
        WorkerConnection connection,
        Process process,
        WorkerOutput output,
        Uri address,
        string workerId)
    {
        _options = options;
        _server = server;
        _connection = connection;
        _process = process;
        _processExited = process.WaitForExitAsync();
        Output = output;
        Address = address;
        WorkerId = workerId;
    }

    /// <summary>The functions the worker reported and that loaded, with the ids the host gave them.</summary>
    public IReadOnlyList<RpcFunctionMetadata> Functions => _functions;

    /// <summary>The worker's stdout, stderr and RpcLog messages.</summary>
    public WorkerOutput Output { get; }

    /// <summary>The gRPC address the worker was told to connect to.</summary>
    public Uri Address { get; }

    public string WorkerId { get; }

    public int ProcessId => _process.Id;

    public bool HasExited => _process.HasExited;

    /// <summary>
    /// Starts the gRPC server and the worker, and waits until every function the worker reports has
    /// loaded. Throws <see cref="WorkerExitedException"/> when the worker ends on the way (its exit code
    /// and output are in the exception), <see cref="FunctionsTestHostException"/> on a timeout or a
    /// failed step.
    /// </summary>
    public static async Task<FunctionsTestHost> StartAsync(FunctionsTestHostOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var workerDirectory = Path.GetFullPath(options.WorkerDirectory);
        var launch = WorkerLaunch.FromWorkerConfig(workerDirectory);

        var output = new WorkerOutput();
        var connection = new WorkerConnection(output);
        var server = BuildServer(connection);
        Process? process = null;
        FunctionsTestHost? host = null;
        try
        {
            await server.StartAsync(cancellationToken);
            var address = new Uri(server.Urls.Single().TrimEnd('/') + "/");

            var workerId = Guid.NewGuid().ToString();
            var requestId = Guid.NewGuid().ToString();
            var startInfo = launch.ToStartInfo(workerDirectory,
            [
                "--functions-uri", address.AbsoluteUri,
                "--functions-worker-id", workerId,
                "--functions-request-id", requestId,
                "--functions-grpc-max-message-length", int.MaxValue.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ]);
            ConfigureEnvironment(startInfo.Environment, workerDirectory, options.AppSettings);

            process = new Process { StartInfo = startInfo, EnableRaisingEvents = true };
            process.OutputDataReceived += (_, e) =>
            {
                if (e.Data is not null)
                {
                    output.AddStdout(e.Data);
                }
            };
            process.ErrorDataReceived += (_, e) =>
            {
                if (e.Data is not null)
                {
                    output.AddStderr(e.Data);
                }
            };
            output.AddHostNote($"starting {startInfo.FileName} {string.Join(' ', startInfo.ArgumentList)}");
            if (!process.Start())
            {
                throw new FunctionsTestHostException($"Could not start '{startInfo.FileName}'.", output.Describe());
            }

            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            process.StandardInput.Close();

            host = new FunctionsTestHost(options, server, connection, process, output, address, workerId);
            await host.HandshakeAsync(workerDirectory, cancellationToken);
            return host;
        }
        catch
        {
            if (host is not null)
            {
                await host.DisposeAsync();
            }
            else
            {
                connection.Shutdown();
                KillAndDispose(process);
                await StopServerAsync(server);
                connection.Dispose();
            }

            throw;
        }
    }

    /// <summary>
    /// Invokes an HTTP-triggered function as the host would after routing a request to it, and returns
    /// the function's HTTP response (its <c>$return</c> value or http output binding).
    /// </summary>
    public async Task<RpcHttp> InvokeHttpAsync(
        string functionName,
        string method,
        string url,
        IDictionary<string, string> headers,
        byte[] body,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(method);
        ArgumentNullException.ThrowIfNull(url);
        ArgumentNullException.ThrowIfNull(headers);
        ArgumentNullException.ThrowIfNull(body);
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);

        var function = FindFunction(functionName);
        var triggerName = function.Bindings
            .Where(binding => string.Equals(binding.Value.Type, "httpTrigger", StringComparison.OrdinalIgnoreCase))
            .Select(binding => binding.Key)
            .FirstOrDefault()
            ?? throw new ArgumentException($"Function '{function.Name}' has no httpTrigger binding.", nameof(functionName));

        var uri = new Uri(url, UriKind.Absolute);
        var http = new RpcHttp
        {
            Method = method.ToUpperInvariant(),
            Url = uri.AbsoluteUri,
            Body = new TypedData { Bytes = ByteString.CopyFrom(body) },
            RawBody = new TypedData { Bytes = ByteString.CopyFrom(body) },
        };
        foreach (var (name, value) in headers)
        {
            http.Headers[name] = value;
            http.NullableHeaders[name] = new NullableString { Value = value };
        }

        var query = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, values) in QueryHelpers.ParseQuery(uri.Query))
        {
            query[name] = values.ToString();
            http.Query[name] = values.ToString();
            http.NullableQuery[name] = new NullableString { Value = values.ToString() };
        }

        var request = NewInvocation(function);
        request.InputData.Add(new ParameterBinding { Name = triggerName, Data = new TypedData { Http = http } });
        request.TriggerMetadata["Headers"] = new TypedData { Json = JsonSerializer.Serialize(headers) };
        request.TriggerMetadata["Query"] = new TypedData { Json = JsonSerializer.Serialize(query) };

        var response = await SendInvocationAsync(function, request, cancellationToken);
        if (response.Result?.Status != StatusResult.Types.Status.Success)
        {
            throw Failure($"Invocation of {function.Name} failed ({response.Result?.Status}): {Describe(response.Result)}");
        }

        if (response.ReturnValue?.Http is { } returned)
        {
            return returned;
        }

        var output = response.OutputData.FirstOrDefault(binding => binding.Name == "$return" && binding.Data?.Http is not null)
            ?? response.OutputData.FirstOrDefault(binding => binding.Data?.Http is not null);
        return output?.Data.Http
            ?? throw Failure($"Invocation of {function.Name} succeeded but returned no HTTP response (return value: {response.ReturnValue?.DataCase}, outputs: {string.Join(", ", response.OutputData.Select(b => b.Name))}).");
    }

    /// <summary>
    /// Asks the worker to stop as the host does when it shuts a worker down (<c>WorkerTerminate</c>), and waits up to
    /// <paramref name="grace"/> for its process to exit on its own: its hosted services stop and its services are
    /// disposed, which flushes what its telemetry still holds. Returns whether it exited in time.
    /// </summary>
    public async Task<bool> TerminateAsync(TimeSpan grace)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        if (!_connection.Post(new StreamingMessage { RequestId = Guid.NewGuid().ToString(), WorkerTerminate = new WorkerTerminate() }))
        {
            return _process.HasExited;
        }

        try
        {
            await _processExited.WaitAsync(grace);
            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }
    }

    /// <summary>Ends the stream, kills the worker's process tree and stops the gRPC server.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        // An open EventStream would hold Kestrel's shutdown for its full 30 s grace period.
        _connection.Shutdown();
        KillAndDispose(_process);
        await StopServerAsync(_server);
        _connection.Dispose();
    }

    private static WebApplication BuildServer(WorkerConnection connection)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            ApplicationName = typeof(FunctionsTestHost).Assembly.GetName().Name,
            ContentRootPath = AppContext.BaseDirectory,
            EnvironmentName = Environments.Production,
        });
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel =>
            kestrel.Listen(IPAddress.Loopback, 0, listen => listen.Protocols = HttpProtocols.Http2));
        builder.WebHost.UseShutdownTimeout(TimeSpan.FromSeconds(5));
        builder.Services.AddGrpc(grpc =>
        {
            grpc.MaxReceiveMessageSize = null;
            grpc.MaxSendMessageSize = null;
            grpc.EnableDetailedErrors = true;
        });
        builder.Services.AddSingleton(connection);

        var app = builder.Build();
        app.MapGrpcService<FunctionRpcService>();
        return app;
    }

    private static void ConfigureEnvironment(IDictionary<string, string?> environment, string workerDirectory, IReadOnlyDictionary<string, string?> appSettings)
    {
        // What the Functions host sets for a dotnet-isolated worker.
        environment["FUNCTIONS_WORKER_RUNTIME"] = "dotnet-isolated";
        environment["AzureWebJobsScriptRoot"] = workerDirectory;
        environment["FUNCTIONS_APPLICATION_DIRECTORY"] = workerDirectory;
        environment["FUNCTIONS_WORKER_DIRECTORY"] = workerDirectory;

        foreach (var (name, value) in appSettings)
        {
            if (value is null)
            {
                environment.Remove(name);
            }
            else
            {
                environment[name] = value;
            }
        }
    }

    private static void KillAndDispose(Process? process)
    {
        if (process is null)
        {
            return;
        }

        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit(10_000);
            }
        }
        catch (InvalidOperationException)
        {
            // Never started, or already gone.
        }

        process.Dispose();
    }

    private static async Task StopServerAsync(WebApplication server)
    {
        using var stopTimeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        try
        {
            await server.StopAsync(stopTimeout.Token);
        }
        catch (OperationCanceledException)
        {
            // Stop gave up waiting; disposing below closes what is left.
        }
        catch (InvalidOperationException)
        {
            // Never started.
        }

        await server.DisposeAsync();
    }

    private static string Describe(StatusResult? result)
    {
        if (result is null)
        {
            return "(no result)";
        }

        var text = result.Result;
        if (result.Exception is { } exception)
        {
            text += $" {exception.Message}{Environment.NewLine}{exception.StackTrace}";
        }

        return text.Trim();
    }

    private async Task HandshakeAsync(string workerDirectory, CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.StartNew();
        TimeSpan Remaining() => _options.StartupTimeout - deadline.Elapsed;

        await WaitAsync(_connection.Connected, "waiting for the worker to connect (StartStream)", Remaining(), cancellationToken);

        var init = new WorkerInitRequest
        {
            HostVersion = _options.HostVersion,
            WorkerDirectory = workerDirectory,
            FunctionAppDirectory = workerDirectory,
        };
        // The capabilities the Functions host announces to dotnet-isolated workers.
        init.Capabilities["RpcHttpBodyOnly"] = bool.TrueString;
        init.Capabilities["RawHttpBodyBytes"] = bool.TrueString;
        init.Capabilities["TypedDataCollection"] = bool.TrueString;
        init.Capabilities["RpcHttpTriggerMetadataRemoved"] = bool.TrueString;
        init.Capabilities["UseNullableValueDictionaryForHttp"] = bool.TrueString;
        init.LogCategories["Host.Function.Console"] = RpcLog.Types.Level.Information;

        var initAnswer = await WaitAsync(
            _connection.SendAsync(WorkerConnection.InitKey, new StreamingMessage { RequestId = Guid.NewGuid().ToString(), WorkerInitRequest = init }),
            "waiting for WorkerInitResponse", Remaining(), cancellationToken);
        if (initAnswer.WorkerInitResponse.Result?.Status != StatusResult.Types.Status.Success)
        {
            throw Failure($"WorkerInitRequest failed: {Describe(initAnswer.WorkerInitResponse.Result)}");
        }

        var metadataAnswer = await WaitAsync(
            _connection.SendAsync(WorkerConnection.MetadataKey, new StreamingMessage
            {
                RequestId = Guid.NewGuid().ToString(),
                FunctionsMetadataRequest = new FunctionsMetadataRequest { FunctionAppDirectory = workerDirectory },
            }),
            "waiting for FunctionMetadataResponse", Remaining(), cancellationToken);
        var metadata = metadataAnswer.FunctionMetadataResponse;
        if (metadata.Result is { } metadataResult && metadataResult.Status != StatusResult.Types.Status.Success)
        {
            throw Failure($"FunctionsMetadataRequest failed: {Describe(metadataResult)}");
        }

        var functions = metadata.UseDefaultMetadataIndexing
            ? FunctionsMetadataFile.Read(workerDirectory)
            : metadata.FunctionMetadataResults.Select(function => function.Clone()).ToList();

        foreach (var function in functions)
        {
            if (function.Status is { } status && status.Status != StatusResult.Types.Status.Success)
            {
                throw Failure($"The worker reported function '{function.Name}' as not indexed: {Describe(status)}");
            }

            if (string.IsNullOrEmpty(function.FunctionId))
            {
                function.FunctionId = Guid.NewGuid().ToString();
            }

            if (function.Bindings.Count == 0)
            {
                FunctionsMetadataFile.AddBindingsFromRaw(function);
            }

            var loadAnswer = await WaitAsync(
                _connection.SendAsync(WorkerConnection.LoadKey(function.FunctionId), new StreamingMessage
                {
                    RequestId = Guid.NewGuid().ToString(),
                    FunctionLoadRequest = new FunctionLoadRequest { FunctionId = function.FunctionId, Metadata = function },
                }),
                $"waiting for FunctionLoadResponse of {function.Name}", Remaining(), cancellationToken);
            if (loadAnswer.FunctionLoadResponse.Result?.Status != StatusResult.Types.Status.Success)
            {
                throw Failure($"FunctionLoadRequest for '{function.Name}' failed: {Describe(loadAnswer.FunctionLoadResponse.Result)}");
            }

            _functions.Add(function);
        }
    }

    private static InvocationRequest NewInvocation(RpcFunctionMetadata function)
    {
        var request = new InvocationRequest
        {
            InvocationId = Guid.NewGuid().ToString(),
            FunctionId = function.FunctionId,
            // The worker dereferences trace_context unconditionally: it must never be left null.
            TraceContext = new RpcTraceContext
            {
                TraceParent = $"00-{ActivityTraceId.CreateRandom()}-{ActivitySpanId.CreateRandom()}-01",
                TraceState = string.Empty,
            },
            RetryContext = new RetryContext { RetryCount = 0, MaxRetryCount = 0 },
        };
        request.TraceContext.Attributes["OperationName"] = function.Name;
        return request;
    }

    private async Task<InvocationResponse> SendInvocationAsync(RpcFunctionMetadata function, InvocationRequest request, CancellationToken cancellationToken)
    {
        var key = WorkerConnection.InvocationKey(request.InvocationId);
        var answer = _connection.SendAsync(key, new StreamingMessage
        {
            RequestId = Guid.NewGuid().ToString(),
            InvocationRequest = request,
        });
        try
        {
            var message = await WaitAsync(answer, $"waiting for the InvocationResponse of {function.Name}", _options.InvocationTimeout, cancellationToken);
            return message.InvocationResponse;
        }
        finally
        {
            _connection.Forget(key);
        }
    }

    private RpcFunctionMetadata FindFunction(string functionName)
    {
        var matches = _functions.Where(function => string.Equals(function.Name, functionName, StringComparison.OrdinalIgnoreCase)).ToList();
        return matches.Count == 1
            ? matches[0]
            : throw new ArgumentException(
                $"No single function named '{functionName}'; the worker has: {string.Join(", ", _functions.Select(function => function.Name))}.",
                nameof(functionName));
    }

    /// <summary>
    /// Waits for <paramref name="task"/>, but gives up when the worker process exits (reporting its exit
    /// code and output) or when <paramref name="timeout"/> has passed.
    /// </summary>
    private async Task<T> WaitAsync<T>(Task<T> task, string stage, TimeSpan timeout, CancellationToken cancellationToken)
    {
        if (timeout <= TimeSpan.Zero)
        {
            throw Failure($"Timed out (startup took longer than {_options.StartupTimeout.TotalSeconds:0} s) before {stage}.");
        }

        using var delayCancel = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var delay = Task.Delay(timeout, delayCancel.Token);
        var first = await Task.WhenAny(task, _processExited, delay);
        await delayCancel.CancelAsync();

        if (first == task && task.IsCompletedSuccessfully)
        {
            return await task;
        }

        if (first == task)
        {
            // The stream ended under the request: usually because the worker is exiting.
            await Task.WhenAny(_processExited, Task.Delay(ExitGrace, CancellationToken.None));
            if (_processExited.IsCompleted)
            {
                throw Exited(stage);
            }

            throw Failure($"Failed while {stage}: {task.Exception?.GetBaseException().Message}", task.Exception?.GetBaseException());
        }

        if (first == _processExited)
        {
            throw Exited(stage);
        }

        cancellationToken.ThrowIfCancellationRequested();
        throw Failure($"Timed out after {timeout.TotalSeconds:0.#} s while {stage}.");
    }

    private WorkerExitedException Exited(string stage) =>
        new(stage, _process.ExitCode, _connection.IsConnected, Output.Describe());

    private FunctionsTestHostException Failure(string message, Exception? inner = null) =>
        new(message, Output.Describe(), inner);
}
