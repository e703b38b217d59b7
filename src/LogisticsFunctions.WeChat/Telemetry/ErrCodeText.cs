using System.Collections.Frozen;
using System.Globalization;
using System.Reflection;

namespace LogisticsFunctions.WeChat.Telemetry;

/// <summary>
/// An errcode as a metric dimension: the codes <see cref="WeChatErrorCodes"/> knows as text (each string made
/// once), anything else as <c>other</c>, so an unexpected code can never grow the number of series.
/// </summary>
public static class ErrCodeText
{
    public const string Other = "other";

    private static readonly FrozenDictionary<int, string> Known = typeof(WeChatErrorCodes)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Where(field => field.IsLiteral && field.FieldType == typeof(int))
        .Select(field => (int)field.GetRawConstantValue()!)
        .Distinct()
        .ToFrozenDictionary(code => code, code => code.ToString(CultureInfo.InvariantCulture));

    public static string Of(int errCode) => Known.GetValueOrDefault(errCode, Other);
}
