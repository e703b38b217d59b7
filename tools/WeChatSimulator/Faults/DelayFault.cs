namespace LogisticsFunctions.WeChatSimulator.Faults;

/// <summary>A slow WeChat: the answer comes, but late, so callers' timeouts and cancellation can be tested.</summary>
internal sealed record DelayFault(TimeSpan Duration) : SimulatorFault
{
    internal override async Task PlayAsync(HttpContext context, SimulatorEndpoint endpoint, TimeProvider timeProvider, Func<Task> answer)
    {
        // Stopping the simulator must not wait for a long delay to run out.
        var stopping = context.RequestServices.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping;
        using var giveUp = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, stopping);
        try
        {
            await Task.Delay(Duration, timeProvider, giveUp.Token);
        }
        catch (OperationCanceledException) when (giveUp.IsCancellationRequested)
        {
            // Nobody is left to answer: the caller went away or the server is shutting down.
            context.Abort();
            return;
        }

        await answer();
    }
}
