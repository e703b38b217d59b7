namespace LogisticsFunctions.Push;

/// <summary>
/// Creates a storage account's queues and containers once per instance when the app runs on a connection
/// string (Azurite, local runs). On Azure the deployment created them and the app's identity may not create
/// any, so nothing is done there. A failed or cancelled attempt is made again by the next caller.
/// </summary>
internal sealed class CreateIfMissingOnce(bool enabled, Func<CancellationToken, Task> create)
{
    private readonly Lock _gate = new();
    private Task? _created;

    public Task EnsureAsync(CancellationToken cancellationToken)
    {
        if (!enabled)
        {
            return Task.CompletedTask;
        }

        lock (_gate)
        {
            if (_created is null || _created.IsFaulted || _created.IsCanceled)
            {
                _created = create(cancellationToken);
            }

            return _created;
        }
    }
}
