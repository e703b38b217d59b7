using System.Net;
using LogisticsFunctions.Push;
using Microsoft.Extensions.Time.Testing;

namespace LogisticsFunctions.Tests.Push;

/// <summary>
/// Every push is answered within <see cref="PushReceiver.AnswerDeadline"/>, measured on a fake clock: a storage
/// account that accepts connections and never answers holds a push exactly until the deadline, then it is
/// answered 503 so WeChat tries again. (The real-time bound, within WeChat's 5 s through the real worker, is
/// PushReceiverTests in the worker tests.)
/// </summary>
public sealed class AnswerDeadlineTests
{
    [Theory]
    [InlineData(TestPushFormat.Xml)]
    [InlineData(TestPushFormat.Json)]
    public async Task APushWhoseStorageHangsIsAnswered503AtTheDeadline(TestPushFormat format)
    {
        await using var blackHole = BlackHoleServer.Start();
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var app = PushTestApp.Create(blackHole.ConnectionString, timeProvider: time);
        var weChat = new TestPushBuilder(TestPushBuilder.SimulatorToken, TestPushBuilder.SimulatorEncodingAesKey, TestPushBuilder.SimulatorAppId, time.GetUtcNow);

        var pending = app.SendAsync(weChat.Post(new TestExpressPath(), TestPushMode.Safe, format));
        await blackHole.Requested;
        time.Advance(PushReceiver.AnswerDeadline);
        var response = await pending;

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("temporarily unavailable, try again", response.BodyText);
        Assert.Equal("5", response.Header("Retry-After"));
        Assert.Contains(app.Logs.Lines, line => line.StartsWith("Warning", StringComparison.Ordinal) && line.Contains("timed out", StringComparison.Ordinal));
        Assert.DoesNotContain(app.Logs.Lines, line => line.StartsWith("Error", StringComparison.Ordinal));
    }
}
