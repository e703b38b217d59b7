using System.Security.Cryptography;
using System.Text;
using LogisticsFunctions.WeChat.Push;

namespace LogisticsFunctions.Tests.Push;

/// <summary>Decryption against Tencent's sample vector, and every way a ciphertext can be wrong.</summary>
public sealed class PushMessageCipherTests
{
    // Tencent's sample (push.md; also WxJava's WxCryptUtilTest).
    private const string SampleKey = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG";
    private const string SampleToken = "pamtest";
    private const string SampleAppId = "wxb11529c136998cb6";
    private const string SampleCiphertext = "jn1L23DB+6ELqJ+6bruv21Y6MD7KeIfP82D6gU39rmkgczbWwt5+3bnyg5K55bgVtVzd832WzZGMhkP72vVOfg==";
    private const string SampleMessage = "我是中文abcd123";

    private readonly TestPushBuilder _sample = new(SampleToken, SampleKey, SampleAppId, () => DateTimeOffset.UtcNow);

    [Fact]
    public void TencentsSampleDecryptsToItsMessage()
    {
        var message = PushMessageCipher.Decrypt(SampleCiphertext, Key(SampleKey), SampleAppId, out var problem);

        Assert.Null(problem);
        Assert.Equal(SampleMessage, Encoding.UTF8.GetString(message!));
    }

    [Fact]
    public void TencentsSampleIsWhatTheTestBuilderMakesSoTheBuilderIsRightToo()
    {
        // Its plaintext, by the sample's own description: random "aaaabbbbccccdddd", length 19, the message, the appid, pad 7.
        var raw = RawDecrypt(SampleCiphertext, SampleKey);
        Assert.Equal("aaaabbbbccccdddd"u8.ToArray(), raw[..16]);
        Assert.Equal([0, 0, 0, 19], raw[16..20]);
        Assert.Equal(7, raw[^1]);

        Assert.Equal(SampleCiphertext, _sample.Encrypt(SampleMessage, SampleAppId, random: "aaaabbbbccccdddd"u8.ToArray()));
    }

    [Fact]
    public void ASampleForAnotherAppIsRefusedAsAnAppIdMismatch()
    {
        var message = PushMessageCipher.Decrypt(SampleCiphertext, Key(SampleKey), "wx0000000000000000", out var problem);

        Assert.Null(message);
        Assert.Equal(PushProblemKind.AppIdMismatch, problem?.Kind);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(12)]
    [InlineData(13)]
    [InlineData(14)]
    [InlineData(20)]
    [InlineData(25)]
    public void PadsFrom1To32AllDecrypt(int messageLength)
    {
        // 20 header bytes + 18 appid bytes + the message: these lengths give pads of 26, 25, 14, 13, 12, 6 and 1.
        var message = new string('m', messageLength);
        var encrypt = _sample.Encrypt(message, SampleAppId);

        Assert.Equal(message, Encoding.UTF8.GetString(PushMessageCipher.Decrypt(encrypt, Key(SampleKey), SampleAppId, out _)!));
    }

    [Fact]
    public void AFullBlockOf32PadBytesDecryptsWhereDotNetsPkcs7WouldRefuseIt()
    {
        // 20 + 24 + 18 = 62 → pad 2; 20 + 26 + 18 = 64 → a whole extra block of 32 bytes, each 32.
        var encrypt = _sample.Encrypt(new string('m', 26), SampleAppId);
        Assert.Equal(32, RawDecrypt(encrypt, SampleKey)[^1]);

        Assert.NotNull(PushMessageCipher.Decrypt(encrypt, Key(SampleKey), SampleAppId, out _));
    }

    [Theory]
    [InlineData("pad value 0")]
    [InlineData("pad value 33")]
    [InlineData("pad bytes differ")]
    [InlineData("pad longer than the plaintext")]
    public void BadPaddingIsRefused(string how)
    {
        string encrypt = how switch
        {
            "pad value 0" => _sample.Encrypt("message", SampleAppId, pad: n => [.. Enumerable.Repeat((byte)0, n)]),
            "pad value 33" => _sample.Encrypt("message", SampleAppId, pad: n => [.. Enumerable.Repeat((byte)33, n)]),
            // "message" gives a pad of 19: its first byte says 18.
            "pad bytes differ" => _sample.Encrypt("message", SampleAppId, pad: n => [(byte)(n - 1), .. Enumerable.Repeat((byte)n, n - 1)]),
            _ => _sample.EncryptRaw([.. Enumerable.Repeat((byte)32, 16)]),
        };

        var message = PushMessageCipher.Decrypt(encrypt, Key(SampleKey), SampleAppId, out var problem);

        Assert.Null(message);
        Assert.Equal(PushProblemKind.EncryptionInvalid, problem?.Kind);
    }

    [Theory]
    [InlineData(int.MaxValue)]
    [InlineData(-1)]
    [InlineData(8)]
    public void ALengthFieldBeyondTheMessageIsRefused(int lengthField)
    {
        var encrypt = _sample.Encrypt("message", SampleAppId, lengthField: lengthField == 8 ? "message".Length + SampleAppId.Length + 1 : lengthField);

        Assert.Null(PushMessageCipher.Decrypt(encrypt, Key(SampleKey), SampleAppId, out var problem));
        Assert.Equal(PushProblemKind.EncryptionInvalid, problem?.Kind);
    }

    [Fact]
    public void AShorterLengthFieldMovesTheBoundarySoTheAppIdNoLongerMatches()
    {
        var encrypt = _sample.Encrypt("message", SampleAppId, lengthField: 3);

        Assert.Null(PushMessageCipher.Decrypt(encrypt, Key(SampleKey), SampleAppId, out var problem));
        Assert.Equal(PushProblemKind.AppIdMismatch, problem?.Kind);
    }

    [Theory]
    [InlineData("")]
    [InlineData("not base64 at all!")]
    [InlineData("AAAA")]
    [InlineData("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=")]
    public void WhatIsNotBase64OfWholeBlocksIsRefused(string encrypt)
    {
        Assert.Null(PushMessageCipher.Decrypt(encrypt, Key(SampleKey), SampleAppId, out var problem));
        Assert.Equal(PushProblemKind.EncryptionInvalid, problem?.Kind);
    }

    [Fact]
    public void AWrongKeyIsRefusedNotMisread()
    {
        var other = Key(TestPushBuilder.SimulatorEncodingAesKey);

        Assert.Null(PushMessageCipher.Decrypt(SampleCiphertext, other, SampleAppId, out var problem));
        Assert.NotNull(problem);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("abcdefghijklmnopqrstuvwxyz0123456789ABCDEF")]
    [InlineData("abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGH")]
    [InlineData("abcdefghijklmnopqrstuvwxyz0123456789ABCDEF=")]
    [InlineData("abcdefghijklmnopqrstuvwxyz0123456789ABCDEF!")]
    public void OnlyA43CharacterBase64KeyIsAnEncodingAesKey(string? text)
    {
        Assert.False(PushEncodingAesKey.TryParse(text, out _));
    }

    [Fact]
    public void AKeyNeverPrintsItsValue()
    {
        Assert.DoesNotContain(SampleKey, Key(SampleKey).ToString(), StringComparison.Ordinal);
        var credentials = new PushCredentials(SampleToken, Key(SampleKey)) { PreviousToken = SampleToken + "-old", PreviousKey = Key(SampleKey) };
        Assert.DoesNotContain(SampleToken, credentials.ToString(), StringComparison.Ordinal);
    }

    internal static PushEncodingAesKey Key(string text)
    {
        Assert.True(PushEncodingAesKey.TryParse(text, out var key));
        return key;
    }

    private static byte[] RawDecrypt(string encrypt, string encodingAesKey)
    {
        var key = Convert.FromBase64String(encodingAesKey + "=");
        using var aes = Aes.Create();
        aes.Key = key;
        return aes.DecryptCbc(Convert.FromBase64String(encrypt), key.AsSpan(0, 16), PaddingMode.None);
    }
}
