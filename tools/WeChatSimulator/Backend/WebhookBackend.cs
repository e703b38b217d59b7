using System.Text.Json;
using StandardWebhooks;
using StandardWebhooks.Diagnostics;

namespace LogisticsFunctions.WeChatSimulator.Backend;

/// <summary>
/// The mini-program's backend receiving the app's webhooks: <c>POST /backend/webhook</c>. It verifies each one with
/// the StandardWebhooks library (not the app's own code) against the one secret it holds, as a real backend does,
/// records it, and answers 204 when the signature holds and 401 when it does not. Faults aimed at
/// <see cref="SimulatorEndpoint.Webhook"/> play a failing backend (503, 410, 429 with Retry-After, a redirect, a
/// slow answer, a reset) before any of that.
/// </summary>
public sealed class WebhookBackend(string secret, TimeProvider timeProvider)
{
    internal const string Path = "/backend/webhook";

    /// <summary>
    /// The secret the local run signs and verifies with (<c>Webhook__Secret</c> in local.settings.example.json): the
    /// Base64 of 40 fixed bytes. A development value, published here on purpose; never use it anywhere else.
    /// </summary>
    public const string DevelopmentSecret = "whsec_TG9naXN0aWNzRnVuY3Rpb25zIHNpbXVsYXRvciB3ZWJob29rIGtleQ==";

    private readonly Lock gate = new();
    private readonly List<WebhookReceipt> receipts = [];
    private volatile string secret = secret;

    /// <summary>The secret verified against now; a test changes it to play a backend that switched secrets.</summary>
    public string Secret
    {
        get => secret;
        set => secret = value;
    }

    /// <summary>Every webhook received so far, oldest first.</summary>
    public IReadOnlyList<WebhookReceipt> Receipts
    {
        get
        {
            lock (gate)
            {
                return [.. receipts];
            }
        }
    }

    internal async Task AnswerAsync(HttpContext context, string body)
    {
        var headers = context.Request.Headers;
        var problem = Verify(body, headers);
        var receipt = new WebhookReceipt(
            headers["webhook-id"].FirstOrDefault(), headers["webhook-timestamp"].FirstOrDefault(), headers["webhook-signature"].FirstOrDefault(),
            context.Request.ContentType, body, problem is null, problem, timeProvider.GetUtcNow());
        lock (gate)
        {
            receipts.Add(receipt);
        }

        var logger = context.RequestServices.GetRequiredService<ILogger<WebhookBackend>>();
        if (problem is null)
        {
            logger.LogInformation("Verified webhook {WebhookId}: {Summary}", receipt.WebhookId, Summarize(body));
            context.Response.StatusCode = StatusCodes.Status204NoContent;
            return;
        }

        logger.LogWarning("Refused webhook {WebhookId}: {Problem}", receipt.WebhookId, problem);
        context.Response.StatusCode = StatusCodes.Status401Unauthorized;
        await context.Response.WriteAsync(problem, context.RequestAborted);
    }

    // The library compares only the first entry of webhook-signature (the specification allows several, one per
    // secret during a change): it is shown each entry in turn, and one that verifies is enough.
    private string? Verify(string body, IHeaderDictionary headers)
    {
        var webhook = new StandardWebhook(secret);
        string? problem = "no webhook-signature";
        foreach (var entry in headers["webhook-signature"].ToString().Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            var one = new HeaderDictionary(headers.ToDictionary(header => header.Key, header => header.Value, StringComparer.OrdinalIgnoreCase))
            {
                ["webhook-signature"] = entry,
            };
            try
            {
                webhook.Verify(body, one);
                return null;
            }
            catch (WebhookVerificationException ex)
            {
                problem = ex.Message;
            }
        }

        return problem;
    }

    // For a person watching a local run: the type and which update it was.
    private static string Summarize(string body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            var data = root.GetProperty("data");
            return $"{root.GetProperty("type").GetString()} {data.GetProperty("DeliveryID").GetString()} {data.GetProperty("WayBillId").GetString()} version {data.GetProperty("Version").GetInt64()}";
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            return "(not a parcel event)";
        }
    }
}
