namespace LogisticsFunctions.WeChatSimulator;

/// <summary>
/// The host lifetime for a simulator inside a test run. The default console lifetime would hook Ctrl+C and SIGTERM for
/// the whole test process and print start-up banners; here the owner's DisposeAsync is the only way to stop.
/// </summary>
internal sealed class SilentHostLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
