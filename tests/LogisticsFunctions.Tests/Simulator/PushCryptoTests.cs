using System.Text;
using LogisticsFunctions.WeChatSimulator.Push;

namespace LogisticsFunctions.Tests.Simulator;

/// <summary>The simulator's push signing and encryption against WeChat's official vectors and an independent decryptor.</summary>
public sealed class PushCryptoTests
{
    private const string TencentKey = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG";
    private const string TencentAppId = "wxb11529c136998cb6";
    private const string TencentCiphertext = "jn1L23DB+6ELqJ+6bruv21Y6MD7KeIfP82D6gU39rmkgczbWwt5+3bnyg5K55bgVtVzd832WzZGMhkP72vVOfg==";

    [Fact]
    public void Tencents_sample_message_with_its_fixed_random_bytes_encrypts_to_tencents_ciphertext_exactly()
    {
        var cryptor = new PushCryptor(TencentKey, TencentAppId);

        var encrypt = cryptor.Encrypt("我是中文abcd123", Encoding.ASCII.GetBytes("aaaabbbbccccdddd"));

        Assert.Equal(TencentCiphertext, encrypt);
    }

    [Fact]
    public void Tencents_ciphertext_decrypts_independently_to_the_documented_parts()
    {
        var decrypted = IndependentPushCrypto.Decrypt(TencentKey, TencentCiphertext);

        Assert.Equal("我是中文abcd123", decrypted.Message);
        Assert.Equal(TencentAppId, decrypted.AppId);
        Assert.Equal(7, decrypted.Pad);
    }

    [Fact]
    public void The_url_verification_signature_matches_the_official_vector()
    {
        Assert.Equal("f464b24fc39322e44b38aa78f5edd27bd1441696", PushSignature.Compute("AAAAA", "1714036504", "1514711492"));
    }

    [Fact]
    public void The_message_signature_sorts_the_encrypt_text_in_with_the_rest()
    {
        // Computed with Python's hashlib from push.md's formula: sha1 of the ordinal-sorted, concatenated parts.
        Assert.Equal(
            "82c962d39941aa48552f90ef55aa323dc620cc10",
            PushSignature.Compute("pamtest", "1409304348", "xxxxxx", TencentCiphertext));
    }

    [Fact]
    public void Messages_of_every_length_round_trip_with_a_pad_of_one_to_thirty_two_bytes_to_a_32_byte_block()
    {
        var cryptor = new PushCryptor(TencentKey, TencentAppId);
        var pads = new HashSet<int>();

        for (var length = 0; length <= 64; length++)
        {
            var message = new string('a', length);
            var decrypted = IndependentPushCrypto.Decrypt(TencentKey, cryptor.Encrypt(message));

            Assert.True(decrypted.PadIsValid);
            Assert.Equal(message, decrypted.Message);
            Assert.Equal(TencentAppId, decrypted.AppId);
            Assert.Equal(0, decrypted.PlainLength % 32);
            pads.Add(decrypted.Pad);
        }

        // A block-multiple message is padded with a whole block of 32, never left unpadded.
        Assert.Equal(Enumerable.Range(1, 32).ToHashSet(), pads);
    }

    [Fact]
    public void Fresh_random_bytes_make_every_encryption_of_one_message_different()
    {
        var cryptor = new PushCryptor(TencentKey, TencentAppId);

        Assert.NotEqual(cryptor.Encrypt("same"), cryptor.Encrypt("same"));
    }

    [Theory]
    [InlineData(PaddingTampering.ZeroPad, 0)]
    [InlineData(PaddingTampering.OversizedPad, 33)]
    public void A_pad_byte_out_of_range_is_what_the_tampering_says(PaddingTampering tampering, int lastByte)
    {
        var cryptor = new PushCryptor(TencentKey, TencentAppId);

        var decrypted = IndependentPushCrypto.Decrypt(TencentKey, cryptor.Encrypt("我是中文abcd123", new byte[16], padding: tampering));

        Assert.False(decrypted.PadIsValid);
        Assert.Equal(lastByte, decrypted.Pad);
    }

    [Theory]
    [InlineData(0, 7)]
    [InlineData(6, 1)]
    [InlineData(7, 32)]
    public void A_mismatched_pad_claims_bytes_that_do_not_all_equal_it_whatever_the_pad_length(int extraBytes, int pad)
    {
        var cryptor = new PushCryptor(TencentKey, TencentAppId);
        var correct = IndependentPushCrypto.Decrypt(
            TencentKey, cryptor.Encrypt("我是中文abcd123" + new string('x', extraBytes), new byte[16]));

        // 16 + 4 + 19 + 18 = 57 bytes pad to 64 with 7; 6 more bytes leave a single pad byte, 7 more a whole block.
        var decrypted = IndependentPushCrypto.Decrypt(
            TencentKey, cryptor.Encrypt("我是中文abcd123" + new string('x', extraBytes), new byte[16], padding: PaddingTampering.MismatchedPad));

        Assert.Equal(pad, correct.Pad);
        Assert.False(decrypted.PadIsValid);
        Assert.InRange(decrypted.Pad, 1, 32);
    }

    [Fact]
    public void Another_appid_can_be_put_inside_for_a_receivers_appid_check()
    {
        var cryptor = new PushCryptor(TencentKey, TencentAppId);

        var decrypted = IndependentPushCrypto.Decrypt(TencentKey, cryptor.Encrypt("hello", new byte[16], appIdOverride: "wxffffffffffffffff"));

        Assert.Equal("hello", decrypted.Message);
        Assert.Equal("wxffffffffffffffff", decrypted.AppId);
    }

    [Theory]
    [InlineData("abcdefghijklmnopqrstuvwxyz0123456789ABCDEF")]
    [InlineData("abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGH")]
    [InlineData("abcdefghijklmnopqrstuvwxyz0123456789ABCDE!G")]
    [InlineData("")]
    public void A_key_that_is_not_43_base64_characters_is_refused(string encodingAesKey)
    {
        Assert.Throws<ArgumentException>(() => new PushCryptor(encodingAesKey, TencentAppId));
    }

    [Fact]
    public void Random_bytes_must_be_sixteen()
    {
        var cryptor = new PushCryptor(TencentKey, TencentAppId);

        Assert.Throws<ArgumentException>(() => cryptor.Encrypt("m", new byte[15]));
    }
}
