using System.Text;
using LogisticsFunctions.Webhooks;
using StandardWebhooks;

namespace LogisticsFunctions.Tests.Webhooks;

public sealed class WebhookSignatureTests
{
    // The signing vector every Standard Webhooks reference library tests against (C#, Go, Java, …).
    private const string VectorSecret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private const string VectorId = "msg_p5jXN8AQM9LWM0D4loKWxJek";
    private const long VectorTimestamp = 1614265330;
    private const string VectorPayload = """{"test": 2432232314}""";
    private const string VectorSignature = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";

    [Fact]
    public void Signs_the_specifications_vector_exactly()
    {
        var header = WebhookSignature.Header(Keys(VectorSecret), VectorId, VectorTimestamp, Encoding.UTF8.GetBytes(VectorPayload));

        Assert.Equal(VectorSignature, header);
    }

    [Fact]
    public void During_a_change_both_secrets_sign_and_a_backend_holding_either_one_accepts()
    {
        var body = Encoding.UTF8.GetBytes("""{"type":"logistics.path.updated","data":{"WayBillId":"体"}}""");
        var keys = new WebhookSigningKeys(Secret(TestWebhookSecrets.Current), Secret(TestWebhookSecrets.Previous));

        var header = WebhookSignature.Header(keys, "msg_0a1b", 1_700_000_000, body);

        var entries = header.Split(' ');
        Assert.Equal(2, entries.Length);
        Assert.Equal(new StandardWebhook(TestWebhookSecrets.Current).Sign("msg_0a1b", DateTimeOffset.FromUnixTimeSeconds(1_700_000_000), Encoding.UTF8.GetString(body)), entries[0]);
        Assert.Equal(new StandardWebhook(TestWebhookSecrets.Previous).Sign("msg_0a1b", DateTimeOffset.FromUnixTimeSeconds(1_700_000_000), Encoding.UTF8.GetString(body)), entries[1]);
    }

    [Fact]
    public void An_id_with_a_dot_is_refused_because_it_would_shift_what_is_signed()
    {
        Assert.Throws<ArgumentException>(() => WebhookSignature.Header(Keys(VectorSecret), "msg.1", VectorTimestamp, [1]));
    }

    private static WebhookSigningKeys Keys(string secret) => new(Secret(secret), null);

    private static WebhookSecret Secret(string text) => WebhookSecret.TryParse(text, out var secret) ? secret : throw new ArgumentException("test secret does not parse");
}
