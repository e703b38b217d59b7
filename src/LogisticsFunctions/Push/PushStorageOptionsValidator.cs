using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace LogisticsFunctions.Push;

/// <summary>Checks at start that the push receiver has a storage account to deliver to, naming the settings.</summary>
public sealed class PushStorageOptionsValidator(IConfiguration configuration) : IValidateOptions<PushStorageOptions>
{
    public ValidateOptionsResult Validate(string? name, PushStorageOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.ConnectionString is { } connectionString)
        {
            try
            {
                _ = new QueueServiceClient(connectionString);
                _ = new BlobServiceClient(connectionString);
                return ValidateOptionsResult.Success;
            }
            catch (Exception ex) when (ex is FormatException or ArgumentException or InvalidOperationException)
            {
                // Not the exception's message: it may quote the connection string and its key.
                return ValidateOptionsResult.Fail("AzureWebJobsStorage is not a valid storage connection string (UseDevelopmentStorage=true for Azurite).");
            }
        }

        var failures = new List<string>();
        var section = configuration.GetSection(PushStorageOptions.ConnectionName);
        if (options.BlobServiceUri is null && options.QueueServiceUri is null && !section.GetChildren().Any())
        {
            failures.Add("AzureWebJobsStorage is required: a connection string (UseDevelopmentStorage=true with Azurite) or, on Azure, AzureWebJobsStorage__blobServiceUri and AzureWebJobsStorage__queueServiceUri with the app's managed identity.");
            return ValidateOptionsResult.Fail(failures);
        }

        AddIfNotHttps(failures, "AzureWebJobsStorage__blobServiceUri", options.BlobServiceUri);
        AddIfNotHttps(failures, "AzureWebJobsStorage__queueServiceUri", options.QueueServiceUri);
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void AddIfNotHttps(List<string> failures, string key, Uri? uri)
    {
        // A bearer token is only sent over TLS; the SDK would refuse plain http at the first request.
        if (uri is null || uri.Scheme != Uri.UriSchemeHttps)
        {
            failures.Add($"{key} must be the storage account's https endpoint (or set AzureWebJobsStorage__accountName).");
        }
    }
}
