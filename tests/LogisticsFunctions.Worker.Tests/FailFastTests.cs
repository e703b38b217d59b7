using LogisticsFunctions.Worker.Tests.Hosting;

namespace LogisticsFunctions.Worker.Tests;

/// <summary>A worker that lacks required configuration stops at start and says what is missing.</summary>
[Collection(PublishedWorkerCollectionDefinition.Name)]
public sealed class FailFastTests(PublishedWorkerFixture worker)
{
    [Fact]
    public async Task Without_WeChat_AppId_the_worker_exits_at_start_and_names_the_missing_key()
    {
        var settings = WorkerSettings.Unreachable();
        settings[WorkerSettings.AppIdKey] = null;

        var failure = await Assert.ThrowsAsync<WorkerExitedException>(
            () => FunctionsTestHost.StartAsync(worker.HostOptions(settings)));

        Assert.NotEqual(0, failure.ExitCode);
        Assert.True(
            failure.WorkerOutput.Contains("WeChat__AppId", StringComparison.Ordinal)
                || failure.WorkerOutput.Contains("WeChat:AppId", StringComparison.Ordinal),
            $"The worker's output does not name the missing setting:{Environment.NewLine}{failure.WorkerOutput}");
        // The host's own report says that the worker ended and how.
        Assert.Contains($"exited with code {failure.ExitCode}", failure.Message, StringComparison.Ordinal);
    }
}
