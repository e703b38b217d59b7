using Microsoft.Extensions.Options;

namespace LogisticsFunctions.CloudCall;

/// <summary>
/// Checks <see cref="CloudCallOptions"/> at start. The deadline must end before the host gives up on
/// the invocation (host.json's <c>functionTimeout</c>), or the caller would get the host's bare error
/// instead of our JSON 504.
/// </summary>
public sealed class CloudCallOptionsValidator(HostFunctionTimeout hostTimeout) : IValidateOptions<CloudCallOptions>
{
    public ValidateOptionsResult Validate(string? name, CloudCallOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.RequestTimeout <= TimeSpan.Zero)
        {
            return ValidateOptionsResult.Fail("CloudCall__RequestTimeout must be a positive time span (e.g. 00:00:08).");
        }

        var limit = hostTimeout.Value;
        return options.RequestTimeout < limit
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail(
                $"CloudCall__RequestTimeout ({options.RequestTimeout:c}) must be shorter than the host's functionTimeout ({limit:c}, {hostTimeout.Source}).");
    }
}
