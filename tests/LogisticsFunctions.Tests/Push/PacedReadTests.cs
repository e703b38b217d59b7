using System.Collections.Concurrent;
using LogisticsFunctions.WeChat.Secrets;
using Microsoft.Extensions.Time.Testing;

namespace LogisticsFunctions.Tests.Push;

/// <summary>
/// The gate in front of the push secrets' re-reads, on a fake clock with reads the test starts and ends:
/// a read under way is never handed to a caller who asked after it began, callers waiting share one read,
/// and reads start at most once per pace, however many ask.
/// </summary>
public sealed class PacedReadTests : IDisposable
{
    private static readonly TimeSpan Pace = TimeSpan.FromSeconds(1);

    private readonly FakeTimeProvider _time = new(DateTimeOffset.UtcNow);
    private readonly ConcurrentQueue<Read> _reads = new();
    private readonly SemaphoreSlim _started = new(0);
    private readonly PacedRead<string> _gate;

    public PacedReadTests() => _gate = new PacedRead<string>(StartRead, Pace, _time);

    [Fact]
    public async Task AReadUnderWayIsNotHandedToACallerWhoAskedAfterItBegan()
    {
        var first = _gate.NextAsync();
        var running = await StartedAsync();

        // The source changes while the first read is under way, after that read saw the old value.
        var second = _gate.NextAsync();
        Assert.NotSame(first, second);
        running.Finish("old");
        Assert.Equal("old", await first);
        Assert.False(second.IsCompleted);

        _time.Advance(Pace);
        (await StartedAsync()).Finish("new");

        Assert.Equal("new", await second);
        Assert.Equal(2, _reads.Count);
    }

    [Fact]
    public async Task EveryCallerAskingBeforeAReadStartsSharesIt()
    {
        await FirstReadAsync();

        var waiting = Enumerable.Range(0, 100).Select(_ => _gate.NextAsync()).ToList();
        _time.Advance(Pace);
        (await StartedAsync()).Finish("second");

        Assert.All(await Task.WhenAll(waiting), value => Assert.Equal("second", value));
        Assert.Same(waiting[0], Assert.Single(waiting.Distinct()));
        Assert.Equal(2, _reads.Count);
    }

    [Fact]
    public async Task ReadsStartAPaceApartAndNeverLater()
    {
        await FirstReadAsync();
        var next = _gate.NextAsync();

        _time.Advance(Pace - TimeSpan.FromTicks(1));
        Assert.False(await _started.WaitAsync(TimeSpan.FromMilliseconds(200)));
        _time.Advance(TimeSpan.FromTicks(1));
        (await StartedAsync()).Finish("second");

        Assert.Equal("second", await next);
        Assert.Equal(2, _reads.Count);
    }

    [Fact]
    public async Task ACallerWithNothingInHandJoinsTheReadUnderWay()
    {
        var first = _gate.NextAsync();
        var running = await StartedAsync();

        var any = _gate.AnyAsync();
        running.Finish("value");

        Assert.Same(first, any);
        Assert.Equal("value", await any);
        Assert.Single(_reads);
    }

    [Fact]
    public async Task AFailedReadFailsItsCallersAndTheNextOneStillComesAPaceLater()
    {
        var failed = _gate.NextAsync();
        (await StartedAsync()).Fail(new SecretUnavailableException("vault down", isTransient: true));
        await Assert.ThrowsAsync<SecretUnavailableException>(() => failed);

        var next = _gate.NextAsync();
        _time.Advance(Pace);
        (await StartedAsync()).Finish("back");

        Assert.Equal("back", await next);
    }

    public void Dispose() => _started.Dispose();

    // One read started and done: the pace now runs from it.
    private async Task FirstReadAsync()
    {
        var first = _gate.NextAsync();
        (await StartedAsync()).Finish("first");
        Assert.Equal("first", await first);
    }

    private async Task<Read> StartedAsync()
    {
        // A real-time bound only so that a broken gate fails the test instead of hanging it.
        Assert.True(await _started.WaitAsync(TimeSpan.FromSeconds(30)), "no read started");
        return _reads.Last();
    }

    private Task<string> StartRead()
    {
        var read = new Read();
        _reads.Enqueue(read);
        _started.Release();
        return read.Result;
    }

    private sealed class Read
    {
        private readonly TaskCompletionSource<string> _result = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task<string> Result => _result.Task;

        public void Finish(string value) => _result.SetResult(value);

        public void Fail(Exception failure) => _result.SetException(failure);
    }
}
