using System.Collections.Concurrent;
using LogisticsFunctions.WeChat.AccessTokens;
using LogisticsFunctions.WeChat.Http;

namespace LogisticsFunctions.Tests.AccessTokens;

/// <summary>
/// A failed fetch as its callers see it: each gets an exception of its own, of the type and content the fetch failed
/// with, whose size does not grow with the number of callers; and no failed fetch is ever left unobserved.
/// </summary>
public sealed class FetchFailureTests : IAsyncLifetime
{
    private const string NotWhitelisted = "invalid ip 127.0.0.1 ipv6 ::ffff:127.0.0.1, not in whitelist rid: 1";

    private ScriptedTokenApp _app = null!;

    private AccessTokenProvider Tokens => _app.Tokens;

    public async Task InitializeAsync() => _app = await ScriptedTokenApp.StartAsync();

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task EveryCallerDuringTheCoolDownGetsAFailureOfItsOwnThatDoesNotGrow()
    {
        _app.WeChat.FailNextStableToken(40164, NotWhitelisted);

        var failures = new List<WeChatException>();
        var sizes = new List<int>();
        for (var i = 0; i < 500; i++)
        {
            failures.Add(await Assert.ThrowsAsync<WeChatException>(() => Tokens.GetAsync(CancellationToken.None).AsTask()));
            // Its size as a log line or telemetry item would read it, at the moment this caller has it.
            sizes.Add(failures[^1].ToString().Length);
        }

        Assert.Equal(1, _app.WeChat.StableTokenCalls);
        AssertEachHisOwnAndAlike(failures);
        // The same call site each time: the same stack, however many callers came before.
        Assert.Single(sizes.Skip(1).Distinct());
    }

    [Fact]
    public async Task EveryCallerWaitingOnAFetchThatFailsGetsAFailureOfItsOwn()
    {
        var fetch = _app.WeChat.HoldNextStableToken();
        var waiting = Enumerable.Range(0, 200).Select(_ => Tokens.GetAsync(CancellationToken.None).AsTask()).ToList();
        await fetch.Arrived;
        fetch.Fail(40164, NotWhitelisted);

        var failures = new List<WeChatException>();
        var sizes = new List<int>();
        foreach (var caller in waiting)
        {
            failures.Add(await Assert.ThrowsAsync<WeChatException>(() => caller));
            sizes.Add(failures[^1].ToString().Length);
        }

        Assert.Equal(1, _app.WeChat.StableTokenCalls);
        AssertEachHisOwnAndAlike(failures);
        Assert.Single(sizes.Distinct());
    }

    [Fact]
    public async Task AColdFetchThatFailsAfterEveryWaiterGaveUpIsObserved()
    {
        var marker = Guid.NewGuid().ToString("N");
        var unobserved = await UnobservedAfterAsync(marker, async () =>
        {
            var fetch = _app.WeChat.HoldNextStableToken();
            using var gaveUp = new CancellationTokenSource();
            var waiting = Tokens.GetAsync(gaveUp.Token).AsTask();
            await fetch.Arrived;
            await gaveUp.CancelAsync();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);
            fetch.Fail(40164, $"{NotWhitelisted} {marker}");
        });

        Assert.Empty(unobserved);
        Assert.Equal(1, _app.WeChat.StableTokenCalls);
    }

    [Fact]
    public async Task ARefusalTriggeredFetchThatFailsAfterEveryWaiterGaveUpIsObserved()
    {
        var marker = Guid.NewGuid().ToString("N");
        var unobserved = await UnobservedAfterAsync(marker, async () =>
        {
            var token = await Tokens.GetAsync(CancellationToken.None);
            _app.WeChat.KnockOut();
            var fetch = _app.WeChat.HoldNextStableToken();
            using var gaveUp = new CancellationTokenSource();
            var waiting = Tokens.RenewAfterRefusalAsync(token, 40001, gaveUp.Token).AsTask();
            await fetch.Arrived;
            await gaveUp.CancelAsync();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);
            fetch.Fail(40164, $"{NotWhitelisted} {marker}");
        });

        Assert.Empty(unobserved);
        Assert.Equal(2, _app.WeChat.StableTokenCalls);
    }

    private static void AssertEachHisOwnAndAlike(List<WeChatException> failures)
    {
        Assert.Equal(failures.Count, failures.Distinct(ReferenceEqualityComparer.Instance).Count());
        Assert.All(failures, failure =>
        {
            Assert.Equal(WeChatFailure.Refused, failure.Failure);
            Assert.Equal(40164, failure.ErrCode);
            Assert.Equal($"WeChat refused the access token request: {NotWhitelisted}", failure.Message);
        });
    }

    // Runs the scenario, waits until its fetch is over, then collects garbage until every finalizer has run: a faulted
    // task nobody observed raises TaskScheduler.UnobservedTaskException from its finalizer. Only this test's failures
    // (those carrying the marker) count; other tests run in the same process.
    private async Task<IReadOnlyCollection<Exception>> UnobservedAfterAsync(string marker, Func<Task> scenario)
    {
        var unobserved = new ConcurrentQueue<Exception>();
        void Record(object? sender, UnobservedTaskExceptionEventArgs e)
        {
            if (e.Exception.ToString().Contains(marker, StringComparison.Ordinal))
            {
                unobserved.Enqueue(e.Exception);
            }
        }

        TaskScheduler.UnobservedTaskException += Record;
        try
        {
            await scenario();
            await _app.WaitUntilNoFetchIsRunningAsync();
            // The fetch's task completes a moment after it is no longer "the fetch": give it that moment, repeatedly.
            for (var round = 0; round < 20 && unobserved.IsEmpty; round++)
            {
                await Task.Delay(25);
                GC.Collect();
                GC.WaitForPendingFinalizers();
            }

            return unobserved;
        }
        finally
        {
            TaskScheduler.UnobservedTaskException -= Record;
        }
    }
}
