using System.Globalization;
using System.Text.Json;
using Microsoft.Azure.Functions.Worker;

namespace LogisticsFunctions.Webhooks;

/// <summary>
/// What the host tells about the queue message it invoked a function with, from the trigger's binding data:
/// <c>Id</c>, <c>DequeueCount</c>, <c>InsertionTime</c> and <c>ExpirationTime</c>. The host sends numbers and
/// times as JSON (<c>3</c>, <c>"2026-12-07T06:40:00+00:00"</c>) and strings as they are; both are read.
/// </summary>
public sealed record QueueMessageInfo(string? Id, long DequeueCount, DateTimeOffset? InsertedOn, DateTimeOffset? ExpiresOn)
{
    public static QueueMessageInfo From(FunctionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var data = context.BindingContext.BindingData;
        return new QueueMessageInfo(
            Text(data, "Id"),
            long.TryParse(Text(data, "DequeueCount"), NumberStyles.None, CultureInfo.InvariantCulture, out var count) ? count : 0,
            Time(data, "InsertionTime"),
            Time(data, "ExpirationTime"));
    }

    private static string? Text(IReadOnlyDictionary<string, object?> data, string key)
    {
        if (!data.TryGetValue(key, out var value) || value is null)
        {
            return null;
        }

        var text = Convert.ToString(value, CultureInfo.InvariantCulture);
        if (text is ['"', .., '"'])
        {
            // A JSON string: the host serialised the value.
            try
            {
                return JsonSerializer.Deserialize<string>(text, QueueMessageInfoJson.Default.String);
            }
            catch (JsonException)
            {
                return null;
            }
        }

        return text;
    }

    private static DateTimeOffset? Time(IReadOnlyDictionary<string, object?> data, string key) =>
        DateTimeOffset.TryParse(Text(data, key), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time) ? time : null;
}

[System.Text.Json.Serialization.JsonSerializable(typeof(string))]
internal sealed partial class QueueMessageInfoJson : System.Text.Json.Serialization.JsonSerializerContext;
