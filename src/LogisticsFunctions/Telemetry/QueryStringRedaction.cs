using System.Text.RegularExpressions;
using Microsoft.ApplicationInsights.Channel;
using Microsoft.ApplicationInsights.DataContracts;
using Microsoft.ApplicationInsights.Extensibility;

namespace LogisticsFunctions.Telemetry;

/// <summary>
/// Keeps the access token out of Application Insights. WeChat takes the token in the query string, and
/// the dependency collector records each call's full URL in the dependency's <c>data</c>: HttpClient's
/// log redaction does not reach it. So every HTTP dependency loses its query (WeChat's, Key Vault's and
/// the identity endpoint's alike: none of them is worth charting), and any <c>access_token=</c> left in
/// any other field of any item is masked, as a second line of defence.
/// </summary>
internal sealed partial class QueryStringRedaction : ITelemetryInitializer
{
    private const string Masked = "access_token=REDACTED";

    public void Initialize(ITelemetry telemetry)
    {
        switch (telemetry)
        {
            case DependencyTelemetry dependency:
                dependency.Data = WithoutQuery(dependency.Data);
                dependency.Name = Mask(dependency.Name);
                dependency.Target = Mask(dependency.Target);
                break;
            case RequestTelemetry request:
                if (request.Url is { Query.Length: > 0 } url)
                {
                    request.Url = new UriBuilder(url) { Query = null }.Uri;
                }

                request.Name = Mask(request.Name);
                break;
            case TraceTelemetry trace:
                trace.Message = Mask(trace.Message);
                break;
            case ExceptionTelemetry exception:
                exception.Message = Mask(exception.Message);
                break;
        }

        if (telemetry is ISupportProperties withProperties)
        {
            foreach (var (key, value) in withProperties.Properties.ToList())
            {
                if (value is not null && AccessToken().IsMatch(value))
                {
                    withProperties.Properties[key] = Mask(value);
                }
            }
        }
    }

    private static string? WithoutQuery(string? data)
    {
        if (string.IsNullOrEmpty(data))
        {
            return data;
        }

        var query = data.IndexOf('?', StringComparison.Ordinal);
        return query < 0 ? Mask(data) : data[..query];
    }

    private static string? Mask(string? text) =>
        text is null || !text.Contains("access_token", StringComparison.OrdinalIgnoreCase) ? text : AccessToken().Replace(text, Masked);

    [GeneratedRegex("access_token=[^&\\s\"']*", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex AccessToken();
}
