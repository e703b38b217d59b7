using LogisticsFunctions.CloudCall.Schema;
using LogisticsFunctions.WeChat.Http;

namespace LogisticsFunctions.CloudCall;

/// <summary>
/// One cloud-call method, declared once: its cloud name, the WeChat API behind it, its request and
/// answer schemas. The function serving it, the request checks, the WeChat call (read or write), the
/// errors and the OpenAPI document all follow from this declaration.
/// </summary>
public sealed class CloudCallMethod
{
    public CloudCallMethod(string name, WeChatApi api, ObjectSchema request, ObjectSchema answer, string summary, string exampleRequest)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(api);
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(answer);
        Name = name;
        Api = api;
        Request = request;
        Answer = answer;
        Summary = summary;
        ExampleRequest = exampleRequest;
    }

    /// <summary>The cloud call's method name, e.g. <c>getPath</c>.</summary>
    public string Name { get; }

    /// <summary>The prefix of every errMsg, e.g. <c>openapi.logistics.getPath</c>.</summary>
    public string ApiName => $"openapi.logistics.{Name}";

    /// <summary>The Functions route, e.g. <c>logistics/getPath</c>.</summary>
    public string Route => $"logistics/{Name}";

    /// <summary>The function's name (telemetry, keys), e.g. <c>GetPath</c>.</summary>
    public string FunctionName => string.Concat(char.ToUpperInvariant(Name[0]).ToString(), Name[1..]);

    /// <summary>The WeChat API it calls: verb, path, and whether it is a write.</summary>
    public WeChatApi Api { get; }

    public ObjectSchema Request { get; }

    /// <summary>What WeChat answers on success, in camelCase; fields WeChat adds later come through too.</summary>
    public ObjectSchema Answer { get; }

    public string Summary { get; }

    /// <summary>One request a caller may send as it is (camelCase), for the docs, the .http file and the tests.</summary>
    public string ExampleRequest { get; }

    /// <summary>
    /// For a write: what the caller may safely do when the outcome is unknown (a timeout, a reset, a
    /// 5xx, a busy answer), e.g. "repeating the call with the same orderId is safe".
    /// </summary>
    public string? WhenOutcomeUnknown { get; init; }

    /// <summary>
    /// For a write whose result WeChat keeps under an id the caller chose (addOrder): the read that finds out an
    /// unknown outcome before the caller is told it is unknown. Null for the others.
    /// </summary>
    public OutcomeLookup? OutcomeLookup { get; init; }

    public override string ToString() => ApiName;
}
