using Microsoft.Extensions.Configuration;

namespace LogisticsFunctions.Push;

/// <summary>
/// Where the push queue and the deduplication markers live: the storage account of the app's
/// <c>AzureWebJobsStorage</c> connection, read the way the Functions host reads it. Either a connection
/// string (<c>UseDevelopmentStorage=true</c> for Azurite locally), or identity-based on Azure:
/// <c>AzureWebJobsStorage__blobServiceUri</c> and <c>__queueServiceUri</c> (or <c>__accountName</c>), reached
/// with the app's registered <c>TokenCredential</c>.
/// </summary>
public sealed class PushStorageOptions
{
    public const string ConnectionName = "AzureWebJobsStorage";

    /// <summary>The queue the event lands on; a queue trigger in the backend's own app reads it with no settings.</summary>
    public const string QueueName = "express-path-events";

    /// <summary>The blob container holding one marker per delivered update.</summary>
    public const string MarkerContainerName = "express-path-dedup";

    public string? ConnectionString { get; set; }

    public Uri? BlobServiceUri { get; set; }

    public Uri? QueueServiceUri { get; set; }

    /// <summary>
    /// Whether the queue and container are created when missing: with a connection string (Azurite, local
    /// runs). On Azure they come from the deployment and the identity may only send and write markers.
    /// </summary>
    public bool CreateIfMissing => ConnectionString is not null;

    /// <summary>Fills <paramref name="options"/> from the <c>AzureWebJobsStorage</c> value or section.</summary>
    public static void Read(IConfiguration configuration, PushStorageOptions options)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(options);
        var section = configuration.GetSection(ConnectionName);
        if (!string.IsNullOrWhiteSpace(section.Value))
        {
            options.ConnectionString = section.Value;
            return;
        }

        var accountName = section["accountName"];
        options.BlobServiceUri = ServiceUri(section["blobServiceUri"], accountName, "blob");
        options.QueueServiceUri = ServiceUri(section["queueServiceUri"], accountName, "queue");
    }

    // An unparseable URI stays null here and is reported by the validator, by setting name.
    private static Uri? ServiceUri(string? given, string? accountName, string service) =>
        !string.IsNullOrWhiteSpace(given)
            ? Uri.TryCreate(given, UriKind.Absolute, out var uri) ? uri : null
            : string.IsNullOrWhiteSpace(accountName) ? null : new Uri($"https://{accountName}.{service}.core.windows.net/");
}
