namespace LogisticsFunctions.WeChat;

/// <summary>
/// Starts work that many requests share (a token fetch, a secret read) on the thread pool without the
/// execution context of the request that happened to start it: its logs, log scopes, Activity and
/// telemetry then belong to no single request, and nothing of that request is kept alive by it.
/// </summary>
internal static class SharedWork
{
    public static Task<T> Start<T>(Func<Task<T>> work)
    {
        if (ExecutionContext.IsFlowSuppressed())
        {
            return Task.Run(work);
        }

        using (ExecutionContext.SuppressFlow())
        {
            return Task.Run(work);
        }
    }
}
