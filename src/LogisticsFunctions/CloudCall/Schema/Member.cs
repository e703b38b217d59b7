using System.Text;
using System.Text.Json;

namespace LogisticsFunctions.CloudCall.Schema;

/// <summary>
/// A named member of an object: WeChat's snake_case name (what goes on the wire), the cloud call's
/// camelCase name derived from it by the SDK's own rule, and whether it must be given.
/// </summary>
public sealed class Member
{
    public Member(string wireName, FieldSchema schema, bool required)
    {
        ArgumentException.ThrowIfNullOrEmpty(wireName);
        ArgumentNullException.ThrowIfNull(schema);
        WireName = wireName;
        CloudName = CloudCallKeys.ToCamelCase(wireName);
        Schema = schema;
        Required = required;
        WireNameUtf8 = Encoding.UTF8.GetBytes(wireName);
        CloudNameUtf8 = Encoding.UTF8.GetBytes(CloudName);
        EncodedWireName = JsonEncodedText.Encode(wireName);
    }

    /// <summary>WeChat's name, e.g. <c>delivery_id</c>.</summary>
    public string WireName { get; }

    /// <summary>The cloud call's name, e.g. <c>deliveryId</c>.</summary>
    public string CloudName { get; }

    public FieldSchema Schema { get; }

    public bool Required { get; }

    internal byte[] WireNameUtf8 { get; }

    internal byte[] CloudNameUtf8 { get; }

    internal JsonEncodedText EncodedWireName { get; }

    public override string ToString() => CloudName;
}
