using System.Text;
using LogisticsFunctions.Tests.Fakes;
using LogisticsFunctions.Tests.Push;
using LogisticsFunctions.Webhooks;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using StandardWebhooks;

namespace LogisticsFunctions.Tests.Webhooks;

/// <summary>
/// The relay over TLS, as on Azure: a loopback HTTPS backend with a self-signed certificate that this test alone
/// trusts (the shipped handler is kept, redirects still off), verifying with the StandardWebhooks library.
/// </summary>
[Collection(AzuriteCollectionDefinition.Name)]
public sealed class WebhookHttpsTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task An_event_is_delivered_over_HTTPS_and_verifies()
    {
        using var certificate = LoopbackCertificate.Create();
        var received = new List<(string Body, bool Verified)>();
        await using var backend = await LoopbackServer.StartAsync(0, certificate, async context =>
        {
            var body = await new StreamReader(context.Request.Body, Encoding.UTF8).ReadToEndAsync();
            bool verified;
            try
            {
                new StandardWebhook(TestWebhookSecrets.Current).Verify(body, context.Request.Headers);
                verified = true;
            }
            catch (StandardWebhooks.Diagnostics.WebhookVerificationException)
            {
                verified = false;
            }

            lock (received)
            {
                received.Add((body, verified));
            }

            context.Response.StatusCode = StatusCodes.Status200OK;
        }, CancellationToken.None);
        await using var app = WebhookTestApp.Create(azurite.ConnectionString, new Uri($"https://127.0.0.1:{backend.Port}/hooks"), afterRegistration: services =>
            services.AddHttpClient(WebhookSender.HttpClientName).ConfigurePrimaryHttpMessageHandler((handler, _) =>
                ((SocketsHttpHandler)handler).SslOptions.RemoteCertificateValidationCallback = (_, presented, _, _) => LoopbackCertificate.IsSame(presented, certificate)));
        var update = WebhookRelayTests.Update(version: 1);

        await app.RelayEventAsync(WebhookRelayTests.Json(update));

        var (body, verified) = Assert.Single(received);
        Assert.True(verified);
        Assert.Equal(Encoding.UTF8.GetString(WebhookPayload.BodyFor(update)), body);
        Assert.Empty(app.QueueWrites.Writes);
    }
}
