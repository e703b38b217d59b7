using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;
using LogisticsFunctions.CloudCall;
using LogisticsFunctions.CloudCall.Methods;

namespace LogisticsFunctions.OpenApi;

/// <summary>
/// The OpenAPI 3.1 document of the cloud-call methods, written from their declarations (so it cannot
/// drift from what the functions accept and answer): camelCase request and answer schemas, the error
/// shape with its statuses, and the function-key security scheme. A backend in any language can
/// generate a typed client from it. The repository keeps a copy in docs/openapi.json; a test keeps the two equal.
/// </summary>
public static class OpenApiDocumentWriter
{
    private static readonly JsonWriterOptions WriterOptions = new()
    {
        Indented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    // Each failure status with the errCodes it carries and what to do. Shared by every method; a write adds 424.
    private static readonly (string Status, string Description)[] ErrorStatuses =
    [
        ("400", "The request is not what the method takes (errCode 47001; the errMsg names the field), or WeChat refused it as such "
            + "(WeChat's errcode: 40003 invalid openid, 9300501 the courier refused, with its deliveryResultcode and deliveryResultmsg, "
            + "9300503 unknown deliveryId, 9300504/9300510 invalid service, 9300517, 9300526 a field too long, 9300531 wrong account or password, "
            + "9300533 invalid tagidList, 9300534/9300536 bad wxAppid, 9300535 invalid shop, any other business errcode): fix the request. "
            + "Nothing was done at WeChat."),
        ("403", "errCode 9300505 (the shop is banned), 9300513 or 9300523 (the courier account's waybill quota is used up): the operator settles it with the courier."),
        ("404", "errCode 40199, 930563, 9300525 or 9300530: no such waybill, order, bound account, or account to unbind. Check the ids."),
        ("409", "errCode 9300506 (the waybill has a trace: no cancelling), 9300508/9300522 (the order id is used or repeated), 9300521 (the waybill is being generated), "
            + "9300524 (already cancelled), 9300529 (already bound) or 9300532 (binding under review): the state does not allow it. Do not repeat; check the state."),
        ("429", "A quota or frequency limit, with Retry-After in seconds: errCode 45009 (WeChat's daily quota, until midnight Beijing time), "
            + "45011, 9300509 or 9300537 (per minute), -604103 (WeChat's gateway answered HTTP 429). WeChat did nothing; wait, then call again."),
        ("500", "errCode -601001: the app's own setup (Key Vault refused the app's identity, a secret is missing) or an unexpected error: tell the operator."),
        ("502", "WeChat refused the app's credentials (errCode 40125, 40164, 40001/42001/40014, 40013, 40002, 41002, 41004, 48001), the courier's system failed "
            + "(9300502), or WeChat could not be reached or answered garbage (-604103, after a read's retries). Retry later. "
            + "For a write, a 5xx means WeChat did not act on it: it never left, or WeChat refused it before acting (an unknown outcome is 424)."),
        ("503", "Retry after Retry-After seconds: errCode -1 (a read: WeChat stayed busy through the retries) or -601001 (Key Vault throttled, failed or "
            + "was unreachable with no secret cached; for a write, before it was sent)."),
        ("504", "errCode -604102: no answer within the request's deadline (CloudCall__RequestTimeout) for a read, or the deadline passed before a write was sent. Retry later."),
    ];

    /// <summary>The document as UTF-8 JSON (indented, with a final line feed).</summary>
    public static byte[] Write()
    {
        var buffer = new ArrayBufferWriter<byte>(64 * 1024);
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            writer.WriteStartObject();
            writer.WriteString("openapi"u8, "3.1.0"u8);
            WriteInfo(writer);
            WriteServers(writer);
            writer.WriteStartObject("paths"u8);
            foreach (var method in LogisticsMethods.All)
            {
                WritePath(writer, method);
            }

            writer.WriteEndObject();
            WriteComponents(writer);
            writer.WriteEndObject();
        }

        return [.. buffer.WrittenSpan, (byte)'\n'];
    }

    private static void WriteInfo(Utf8JsonWriter writer)
    {
        writer.WriteStartObject("info"u8);
        writer.WriteString("title"u8, "LogisticsFunctions"u8);
        writer.WriteString("version"u8, "1.0.0"u8);
        writer.WriteString("description"u8,
            "WeChat's cloud calls openapi.logistics.* over HTTPS. Each method takes the cloud call's parameters as a JSON object "
            + "(camelCase as documented here; WeChat's snake_case spelling of a parameter is accepted too) and answers as the cloud call does: "
            + "WeChat's answer with every key in camelCase, errMsg \"openapi.logistics.<method>:ok\" and errCode 0. "
            + "A failure is {errCode, errMsg: \"openapi.logistics.<method>:fail <reason>\"} with an HTTP status that says what to do.");
        writer.WriteEndObject();
    }

    // The deployed app (its name is the Bicep output AZURE_FUNCTION_APP_NAME) and a local `func start`.
    private static void WriteServers(Utf8JsonWriter writer)
    {
        writer.WriteStartArray("servers"u8);
        writer.WriteStartObject();
        writer.WriteString("url"u8, "https://{functionApp}.azurewebsites.net"u8);
        // The variable is explained here, not in its own description: the OpenAPI 3.1 schema that swagger-parser
        // validates against misspells that member ("descriptions") and refuses the document that uses it.
        writer.WriteString("description"u8, "The function app on Azure; functionApp is its name (the deployment's AZURE_FUNCTION_APP_NAME output)."u8);
        writer.WriteStartObject("variables"u8);
        writer.WriteStartObject("functionApp"u8);
        writer.WriteString("default"u8, "func-logistics"u8);
        writer.WriteEndObject();
        writer.WriteEndObject();
        writer.WriteEndObject();
        writer.WriteStartObject();
        writer.WriteString("url"u8, "http://localhost:7071"u8);
        writer.WriteString("description"u8, "A local run (tools/run-local.sh)"u8);
        writer.WriteEndObject();
        writer.WriteEndArray();
    }

    private static void WritePath(Utf8JsonWriter writer, CloudCallMethod method)
    {
        writer.WriteStartObject($"/api/{method.Route}");
        writer.WriteStartObject("post"u8);
        writer.WriteString("operationId"u8, method.Name);
        writer.WriteString("summary"u8, method.Summary);
        writer.WriteString("description"u8,
            $"openapi.logistics.{method.Name}: WeChat's {method.Api.Method} /{method.Api.Path}"
            + (method.Api.IsWrite ? $" (a write: sent once, never repeated behind the caller's back; when its outcome is unknown the answer is 424: {method.WhenOutcomeUnknown})." : " (a read)."));
        writer.WriteStartArray("tags"u8);
        writer.WriteStringValue("logistics");
        writer.WriteEndArray();

        writer.WriteStartObject("requestBody"u8);
        writer.WriteBoolean("required"u8, method.Request.Properties.Count > 0);
        writer.WriteStartObject("content"u8);
        writer.WriteStartObject("application/json"u8);
        writer.WritePropertyName("schema"u8);
        method.Request.WriteJsonSchema(writer);
        writer.WritePropertyName("example"u8);
        using (var example = JsonDocument.Parse(method.ExampleRequest))
        {
            example.RootElement.WriteTo(writer);
        }

        writer.WriteEndObject();
        writer.WriteEndObject();
        writer.WriteEndObject();

        writer.WriteStartObject("responses"u8);
        writer.WriteStartObject("200"u8);
        writer.WriteString("description"u8, "WeChat's answer, as the cloud call gives it.");
        writer.WriteStartObject("content"u8);
        writer.WriteStartObject("application/json"u8);
        writer.WritePropertyName("schema"u8);
        method.Answer.WriteJsonSchema(writer, method.Answer.Description, w => WriteOkMembers(w, method), ["errMsg", "errCode"]);
        writer.WriteEndObject();
        writer.WriteEndObject();
        writer.WriteEndObject();
        writer.WriteStartObject("401"u8);
        writer.WriteString("description"u8, "No function key, or a wrong one (answered by the Functions host, without a body).");
        writer.WriteEndObject();
        foreach (var (status, _) in ErrorStatuses)
        {
            if (method.Api.IsWrite && status == "429")
            {
                // In status order: 424 comes between 409 and 429.
                WriteOutcomeUnknown(writer, method);
            }

            writer.WriteStartObject(status);
            writer.WriteString("$ref"u8, $"#/components/responses/Error{status}");
            writer.WriteEndObject();
        }

        writer.WriteEndObject();
        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    // A write's own answer to a lost outcome: what the errCodes mean, and what this write's caller may do next.
    private static void WriteOutcomeUnknown(Utf8JsonWriter writer, CloudCallMethod method)
    {
        writer.WriteStartObject("424"u8);
        writer.WriteString("description"u8,
            "The outcome is unknown: the write was sent and WeChat's answer was lost (errCode -1 WeChat busy, -604102 no answer in time, "
            + "-604103 the connection broke, an HTTP 5xx or a broken answer). WeChat may have acted. The function does not repeat it, there is "
            + "no Retry-After, and client stacks do not retry this status on their own: find out before repeating. "
            + (method.OutcomeLookup is { } lookup
                ? $"The function asked {lookup.ReadName} first: this answer means it could not find the result there (the errMsg says why). "
                : "")
            + $"For {method.Name}: {method.WhenOutcomeUnknown}.");
        WriteErrorContent(writer);
        writer.WriteEndObject();
    }

    private static void WriteErrorContent(Utf8JsonWriter writer)
    {
        writer.WriteStartObject("content"u8);
        writer.WriteStartObject("application/json"u8);
        writer.WriteStartObject("schema"u8);
        writer.WriteString("$ref"u8, "#/components/schemas/CloudCallError"u8);
        writer.WriteEndObject();
        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    private static void WriteOkMembers(Utf8JsonWriter writer, CloudCallMethod method)
    {
        writer.WriteStartObject("errMsg"u8);
        writer.WriteString("type"u8, "string"u8);
        writer.WriteString("const"u8, $"{method.ApiName}:ok");
        writer.WriteEndObject();
        writer.WriteStartObject("errCode"u8);
        writer.WriteString("type"u8, "integer"u8);
        writer.WriteString("format"u8, "int32"u8);
        writer.WriteNumber("const"u8, 0);
        writer.WriteEndObject();
    }

    private static void WriteComponents(Utf8JsonWriter writer)
    {
        writer.WriteStartObject("components"u8);
        writer.WriteStartObject("schemas"u8);
        writer.WriteStartObject("CloudCallError"u8);
        writer.WriteString("type"u8, "object"u8);
        writer.WriteString("description"u8, "A failed cloud call. Other members of WeChat's own error answer follow in camelCase (addOrder's 9300501 carries the courier's deliveryResultcode and deliveryResultmsg).");
        writer.WriteStartObject("properties"u8);
        writer.WriteStartObject("errCode"u8);
        writer.WriteString("type"u8, "integer"u8);
        writer.WriteString("format"u8, "int32"u8);
        writer.WriteString("description"u8, "WeChat's errcode, or the cloud platform's negative code for a failure on the function's side (-601001 system error, -604102 timeout, -604103 WeChat unreachable or broken). Each status's description lists the errCodes it carries.");
        writer.WriteEndObject();
        writer.WriteStartObject("errMsg"u8);
        writer.WriteString("type"u8, "string"u8);
        writer.WriteString("description"u8, "openapi.logistics.<method>:fail <reason>");
        writer.WriteEndObject();
        writer.WriteEndObject();
        writer.WriteStartArray("required"u8);
        writer.WriteStringValue("errCode");
        writer.WriteStringValue("errMsg");
        writer.WriteEndArray();
        writer.WriteBoolean("additionalProperties"u8, true);
        writer.WriteEndObject();
        writer.WriteEndObject();

        writer.WriteStartObject("responses"u8);
        foreach (var (status, description) in ErrorStatuses)
        {
            writer.WriteStartObject($"Error{status}");
            writer.WriteString("description"u8, description);
            if (status is "429" or "503")
            {
                writer.WriteStartObject("headers"u8);
                writer.WriteStartObject("Retry-After"u8);
                writer.WriteString("description"u8, "Seconds to wait before calling again.");
                writer.WriteStartObject("schema"u8);
                writer.WriteString("type"u8, "integer"u8);
                writer.WriteString("format"u8, "int32"u8);
                writer.WriteEndObject();
                writer.WriteEndObject();
                writer.WriteEndObject();
            }

            WriteErrorContent(writer);
            writer.WriteEndObject();
        }

        writer.WriteEndObject();

        writer.WriteStartObject("securitySchemes"u8);
        WriteKeyScheme(writer, "functionKey", "header", "x-functions-key");
        WriteKeyScheme(writer, "functionKeyQuery", "query", "code");
        writer.WriteEndObject();
        writer.WriteEndObject();

        writer.WriteStartArray("security"u8);
        writer.WriteStartObject();
        writer.WriteStartArray("functionKey"u8);
        writer.WriteEndArray();
        writer.WriteEndObject();
        writer.WriteStartObject();
        writer.WriteStartArray("functionKeyQuery"u8);
        writer.WriteEndArray();
        writer.WriteEndObject();
        writer.WriteEndArray();
    }

    private static void WriteKeyScheme(Utf8JsonWriter writer, string name, string location, string parameter)
    {
        writer.WriteStartObject(name);
        writer.WriteString("type"u8, "apiKey"u8);
        writer.WriteString("in"u8, location);
        writer.WriteString("name"u8, parameter);
        writer.WriteString("description"u8, "A function key of the app (any function's key, or the app's default key), from the portal or `az functionapp function keys list`.");
        writer.WriteEndObject();
    }
}
