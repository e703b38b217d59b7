using System.Collections.Concurrent;
using System.Text;
using LogisticsFunctions.CloudCall.Methods;
using LogisticsFunctions.WeChat.Api;
using Microsoft.Extensions.Time.Testing;

namespace LogisticsFunctions.Tests.AccessTokens;

/// <summary>
/// The stress run's callers: many at once, each making calls through the app's real WeChat client one after another,
/// each call once the script has reached the step chosen for it, some of them with a cancellation that fires on the
/// fake clock or in real time. Each call is recorded with its
/// <see cref="ScriptedWeChat.Stamp"/>s and what it ended with; the body carries the call's id, so WeChat's log says
/// which call used which token.
/// </summary>
internal sealed class StressCallers(WeChatApiClient client, ScriptedWeChat weChat, FakeTimeProvider time)
{
    private readonly ConcurrentQueue<StressCall> _calls = new();
    private int _nextId;

    public IReadOnlyCollection<StressCall> Calls => _calls;

    /// <summary>Runs <paramref name="callers"/> callers of <paramref name="callsEach"/> calls, each call at a step of the script chosen by the seed.</summary>
    public Task RunAsync(int seed, int callers, int callsEach, StressDirector director) =>
        Task.WhenAll(Enumerable.Range(0, callers).Select(caller => Task.Run(() => CallerAsync(new Random(HashCode.Combine(seed, caller)), callsEach, director))));

    private async Task CallerAsync(Random random, int calls, StressDirector director)
    {
        foreach (var step in Enumerable.Range(0, calls).Select(_ => random.Next(1, StressDirector.TotalSteps + 1)).Order().ToList())
        {
            await director.Reached(step);
            await CallAsync(random);
        }
    }

    private async Task CallAsync(Random random)
    {
        var id = Interlocked.Increment(ref _nextId);
        var roll = random.Next(100);
        using var cancellation = roll switch
        {
            < 10 => new CancellationTokenSource(TimeSpan.FromMilliseconds(random.Next(100, 20_000)), time),
            < 18 => new CancellationTokenSource(TimeSpan.FromMilliseconds(random.Next(0, 30))),
            _ => new CancellationTokenSource(),
        };
        var body = Encoding.UTF8.GetBytes($$"""{"caller":{{id}}}""");
        var start = weChat.Stamp();
        int? errCode = null;
        Exception? failure = null;
        try
        {
            errCode = (await client.CallAsync(LogisticsMethods.GetPath.Api, body, cancellation.Token)).ErrCode;
        }
        catch (Exception ex)
        {
            // Whatever it is: which types may come out is one of the invariants checked afterwards.
            failure = ex;
        }

        _calls.Enqueue(new StressCall(id, start, weChat.Stamp(), errCode, failure, cancellation.IsCancellationRequested, failure?.StackTrace?.Length ?? 0));
    }
}

/// <summary>
/// One call: its id, when it began and ended (<see cref="ScriptedWeChat.Stamp"/>s), WeChat's errcode when it returned
/// an answer, else what it threw, whether its own cancellation had fired, and the length of its exception's own stack
/// trace as the caller caught it (what each rethrow of one shared exception object would have grown).
/// </summary>
internal sealed record StressCall(int Id, long Start, long End, int? ErrCode, Exception? Failure, bool OwnCancellation, int StackTraceLength);
