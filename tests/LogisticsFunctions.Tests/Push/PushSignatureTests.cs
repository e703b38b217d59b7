using System.Buffers;
using System.Text;
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
    public void TheOfficialGetVectorIsAuthenticatedAtItsOwnTimeAndNotOutsideTheSkew()
    {
        var query = new PushQuery { Signature = Expected, Timestamp = Timestamp, Nonce = Nonce, EchoStr = "echo" };
        var credentials = new PushCredentials(Token, PushMessageCipherTests.Key(TestPushBuilder.SimulatorEncodingAesKey));

        Assert.Equal(PushSecretUse.Current, PushMessageOpener.Authenticate(query, credentials, DateTimeOffset.FromUnixTimeSeconds(1714036504 + 60), TimeSpan.FromMinutes(5), out var problem));
        Assert.Null(problem);
        Assert.Null(PushMessageOpener.Authenticate(query, credentials, DateTimeOffset.FromUnixTimeSeconds(1714036504 + 301), TimeSpan.FromMinutes(5), out var stale));
        Assert.Equal(PushProblemKind.TimestampRejected, stale?.Kind);
    }

    [Theory]
    [InlineData("171403650400")]
    [InlineData("999999999999")]
    [InlineData("99999999999999999999")]
    [InlineData("922337203685477580")]
    [InlineData("9223372036854775807")]
    [InlineData("1e9")]
    [InlineData("-1714036504")]
    [InlineData("１７１４０３６５０４")]
    public void ATimestampThatIsNotUnixSecondsWithinTheSkewIsRefusedNeverThrown(string timestamp)
    {
        // Signed correctly with the Token: only the timestamp is wrong. Twelve digits once overflowed TimeSpan.
        var query = new PushQuery { Signature = PushSignature.Compute(Token, timestamp, Nonce), Timestamp = timestamp, Nonce = Nonce };
        var credentials = new PushCredentials(Token, currentKey: null);

        Assert.Null(PushMessageOpener.Authenticate(query, credentials, DateTimeOffset.FromUnixTimeSeconds(1714036504), TimeSpan.FromMinutes(5), out var problem));
        Assert.Equal(PushProblemKind.TimestampRejected, problem?.Kind);
    }

    [Fact]
    public void ThePreviousTokenIsAcceptedUntilItsEndAndNamedAsPrevious()
    {
        var query = new PushQuery { Signature = Expected, Timestamp = Timestamp, Nonce = Nonce };
        var now = DateTimeOffset.FromUnixTimeSeconds(1714036504);
        var credentials = new PushCredentials("BBBBB", currentKey: null) { PreviousToken = Token, PreviousTokenUntil = now.AddSeconds(1) };

        Assert.Equal(PushSecretUse.Previous, PushMessageOpener.Authenticate(query, credentials, now, TimeSpan.FromMinutes(5), out _));
        Assert.Null(PushMessageOpener.Authenticate(query, credentials, now.AddSeconds(1), TimeSpan.FromMinutes(5), out var ended));
        Assert.Equal(PushProblemKind.SignatureMismatch, ended?.Kind);
    }

    [Fact]
    public void ThePooledBufferThatHeldTheTokenIsClearedBeforeItGoesBackToThePool()
    {
        const string token = "pooled-buffer-token-7f3a";
        var expected = PushSignature.Compute(token, Timestamp, Nonce);

        // The shared pool hands the array just returned on this thread to the next renter of its size class
        // (here 129-256 bytes, the signature's three parts at UTF-8's worst case): whatever code rents next
        // would read the Token if it had not been cleared.
        var rented = ArrayPool<byte>.Shared.Rent(200);
        try
        {
            Assert.Equal(TestPushBuilder.Sign(token, Timestamp, Nonce), expected);
            Assert.True(rented.AsSpan().IndexOf(Encoding.UTF8.GetBytes(token)) < 0, "the pooled buffer still holds the Token");
            Assert.True(rented.AsSpan().IndexOfAnyExcept((byte)0) < 0, "the pooled buffer was not cleared");
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
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
