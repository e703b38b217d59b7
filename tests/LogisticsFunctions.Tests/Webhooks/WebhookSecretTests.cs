using System.Security.Cryptography;
using LogisticsFunctions.Webhooks;

namespace LogisticsFunctions.Tests.Webhooks;

public sealed class WebhookSecretTests
{
    [Theory]
    [InlineData(24)]
    [InlineData(32)]
    [InlineData(64)]
    public void A_whsec_secret_of_24_to_64_bytes_is_accepted(int bytes)
    {
        Assert.True(WebhookSecret.TryParse("whsec_" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(bytes)), out _));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("whsec_")]
    [InlineData("TG9naXN0aWNzRnVuY3Rpb25zIHNpbXVsYXRvciB3ZWJob29rIGtleQ==")]
    [InlineData("whsec_not base64!")]
    [InlineData("whsec_MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY=")]
    [InlineData("WHSEC_TG9naXN0aWNzRnVuY3Rpb25zIHNpbXVsYXRvciB3ZWJob29rIGtleQ==")]
    public void Anything_else_is_refused(string? text)
    {
        Assert.False(WebhookSecret.TryParse(text, out _));
    }

    [Fact]
    public void A_secret_longer_than_64_bytes_is_refused()
    {
        Assert.False(WebhookSecret.TryParse("whsec_" + Convert.ToBase64String(new byte[65]), out _));
    }

    [Fact]
    public void A_secret_never_prints_its_value()
    {
        Assert.True(WebhookSecret.TryParse(TestWebhookSecrets.Current, out var secret));

        Assert.Equal("WebhookSecret(redacted)", secret.ToString());
        Assert.Equal("WebhookSigningKeys(current, previous)", new WebhookSigningKeys(secret, secret).ToString());
    }
}
