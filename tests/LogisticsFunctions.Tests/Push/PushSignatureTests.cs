using LogisticsFunctions.WeChat.Push;

namespace LogisticsFunctions.Tests.Push;

/// <summary>WeChat's push signatures, checked against the official vector and for what must never match.</summary>
public sealed class PushSignatureTests
{
    // WeChat's documented URL-verification example (push.md).
    private const string Token = "AAAAA";
    private const string Timestamp = "1714036504";
    private const string Nonce = "1514711492";
    private const string Expected = "f464b24fc39322e44b38aa78f5edd27bd1441696";

    [Fact]
    public void TheOfficialGetVectorGivesWeChatsSignature()
    {
        Assert.Equal(Expected, PushSignature.Compute(Token, Timestamp, Nonce));
        Assert.True(PushSignature.Matches(Expected, Token, Timestamp, Nonce));
    }

    [Fact]
    public void TheOfficialGetVectorPassesTheUrlVerificationAtItsOwnTime()
    {
        var key = PushMessageCipherTests.Key(TestPushBuilder.SimulatorEncodingAesKey);
        var query = new PushQuery { Signature = Expected, Timestamp = Timestamp, Nonce = Nonce, EchoStr = "echo" };
        var credentials = new PushCredentials(Token, key!, null);

        Assert.Null(PushMessageOpener.VerifyUrl(query, credentials, DateTimeOffset.FromUnixTimeSeconds(1714036504 + 60), TimeSpan.FromMinutes(5)));
        var stale = PushMessageOpener.VerifyUrl(query, credentials, DateTimeOffset.FromUnixTimeSeconds(1714036504 + 301), TimeSpan.FromMinutes(5));
        Assert.Equal(PushProblemKind.TimestampRejected, stale?.Kind);
    }

    [Fact]
    public void ThePartsAreSortedOrdinallyNotInTheOrderGiven()
    {
        Assert.Equal(Expected, PushSignature.Compute(Nonce, Token, Timestamp));
        Assert.Equal(TestPushBuilder.Sign("b", "B", "a", "_"), PushSignature.Compute("_", "a", "B", "b"));
    }

    [Fact]
    public void UpperCaseHexIsTheSameSignature() =>
        Assert.True(PushSignature.Matches(Expected.ToUpperInvariant(), Token, Timestamp, Nonce));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("f464b24fc39322e44b38aa78f5edd27bd144169")]
    [InlineData("f464b24fc39322e44b38aa78f5edd27bd14416960")]
    [InlineData("f464b24fc39322e44b38aa78f5edd27bd1441697")]
    [InlineData("0464b24fc39322e44b38aa78f5edd27bd1441696")]
    [InlineData("g464b24fc39322e44b38aa78f5edd27bd1441696")]
    [InlineData(" f464b24fc39322e44b38aa78f5edd27bd144169")]
    public void AnythingElseNeverMatches(string? given) =>
        Assert.False(PushSignature.Matches(given, Token, Timestamp, Nonce));

    [Fact]
    public void TheSameSignatureWithAnotherTokenDoesNotMatch() =>
        Assert.False(PushSignature.Matches(Expected, "AAAAB", Timestamp, Nonce));
}
