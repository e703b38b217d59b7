using System.Globalization;
using Azure;
using Azure.Identity;
using Azure.Storage.Queues;
using LogisticsFunctions.Webhooks;

namespace LogisticsFunctions.WebhookDeadLetters;

/// <summary>
/// <c>list</c> shows the dead letters (up to 32 per queue, with each queue's count); <c>replay &lt;message-id&gt;</c>
/// or <c>replay --all</c> puts them back into delivery. Storage is the app's account, reached with
/// <c>--queue-service-uri</c> and the signed-in identity (DefaultAzureCredential: Azure CLI, Visual Studio,
/// environment, managed identity) or with <c>--connection-string</c> (Azurite: <c>UseDevelopmentStorage=true</c>).
/// </summary>
internal static class DeadLetterCommand
{
    public const string Usage = """
        Usage: WebhookDeadLetters list|replay <message-id>|replay --all
                 (--queue-service-uri https://<account>.queue.core.windows.net/ | --connection-string <connection string>)
        list     the dead letters on express-path-events-poison and express-path-events-retry-poison
        replay   puts one (by message id, as list shows it) or all of them back on express-path-events-retry,
                 due at once, with a fresh schedule of attempts
        """;

    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter errors, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(errors);
        if (!TryParse(args, out var command, out var target, out var service, out var problem))
        {
            await errors.WriteLineAsync(problem);
            await errors.WriteLineAsync(Usage);
            return 2;
        }

        var deadLetters = new Webhooks.WebhookDeadLetters(service, TimeProvider.System);
        try
        {
            if (command == "list")
            {
                var (letters, counts) = await deadLetters.ListAsync(cancellationToken);
                foreach (var (queue, count) in counts)
                {
                    var shown = letters.Where(letter => letter.Queue == queue).ToList();
                    await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"{queue}: {count} dead letter(s){(count > shown.Count ? $", the first {shown.Count} shown" : "")}"));
                    foreach (var letter in shown)
                    {
                        await output.WriteLineAsync(Describe(letter));
                    }
                }

                return 0;
            }

            var replayed = await deadLetters.ReplayAsync(target == "--all" ? null : target, cancellationToken);
            foreach (var letter in replayed)
            {
                await output.WriteLineAsync($"replayed {Describe(letter).TrimStart()}");
            }

            if (replayed.Count == 0 && target != "--all")
            {
                await errors.WriteLineAsync($"No replayable dead letter with message id {target}.");
                return 1;
            }

            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"{replayed.Count} dead letter(s) put back on {WebhookQueues.RetryQueueName}."));
            return 0;
        }
        catch (Exception ex) when (ex is RequestFailedException or AuthenticationFailedException or CredentialUnavailableException)
        {
            // The kind and the status, not the exception's text: it would repeat headers of the request.
            await errors.WriteLineAsync(ex is RequestFailedException failed
                ? $"Storage refused the request: HTTP {failed.Status} {failed.ErrorCode}. The identity needs Storage Queue Data Contributor on the dead-letter queues and Storage Queue Data Message Sender on {WebhookQueues.RetryQueueName}."
                : "No Azure credential could get a token: sign in with 'az login' first.");
            return 1;
        }
    }

    private static string Describe(DeadLetter letter) => string.Create(
        CultureInfo.InvariantCulture,
        $"  {letter.MessageId}  {letter.DeadLetteredAt:u}  {letter.WebhookId ?? "-"}  {letter.DeliveryId ?? "-"} {letter.WayBillId ?? "-"} v{letter.Version?.ToString(CultureInfo.InvariantCulture) ?? "-"}  attempts {letter.Attempts?.ToString(CultureInfo.InvariantCulture) ?? "-"}  {letter.LastStatus ?? "-"}  {letter.Reason}");

    private static bool TryParse(string[] args, out string command, out string? target, out QueueServiceClient service, out string problem)
    {
        command = args.FirstOrDefault() ?? "";
        target = null;
        service = null!;
        problem = "";
        var options = new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 };
        string? connectionString = null;
        Uri? serviceUri = null;
        for (var i = 1; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--connection-string" when i + 1 < args.Length:
                    connectionString = args[++i];
                    break;
                case "--queue-service-uri" when i + 1 < args.Length:
                    if (!Uri.TryCreate(args[++i], UriKind.Absolute, out serviceUri) || serviceUri.Scheme != Uri.UriSchemeHttps)
                    {
                        problem = "--queue-service-uri must be the account's https queue endpoint.";
                        return false;
                    }

                    break;
                case var other when command == "replay" && target is null && !other.StartsWith("--", StringComparison.Ordinal) || other == "--all":
                    target = other;
                    break;
                default:
                    problem = $"Unknown or incomplete argument '{args[i]}'.";
                    return false;
            }
        }

        if (command is not ("list" or "replay") || (command == "replay" && target is null) || (command == "list" && target is not null))
        {
            problem = "Say list, replay <message-id> or replay --all.";
            return false;
        }

        if ((connectionString is null) == (serviceUri is null))
        {
            problem = "Give exactly one of --queue-service-uri and --connection-string.";
            return false;
        }

        try
        {
            service = connectionString is not null
                ? new QueueServiceClient(connectionString, options)
                : new QueueServiceClient(serviceUri, new DefaultAzureCredential(), options);
            return true;
        }
        catch (Exception ex) when (ex is FormatException or ArgumentException or InvalidOperationException)
        {
            // Not the exception's message: it may quote the connection string and its key.
            problem = "--connection-string is not a valid storage connection string.";
            return false;
        }
    }
}
