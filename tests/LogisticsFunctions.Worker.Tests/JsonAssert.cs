using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace LogisticsFunctions.Worker.Tests;

/// <summary>Deep JSON equality that also checks the order of object keys.</summary>
internal static class JsonAssert
{
    /// <summary>
    /// Asserts that <paramref name="actual"/> has exactly the keys and values of <paramref name="expected"/>,
    /// numbers compared by value, with each object's keys in the same order, except the keys named in
    /// <paramref name="orderFree"/>, which may stand anywhere.
    /// </summary>
    public static void EquivalentKeepingOrder(JsonNode? expected, JsonNode? actual, IReadOnlyCollection<string> orderFree)
    {
        var difference = Compare(expected, actual, "$", orderFree);
        Assert.True(difference is null, $"{difference}{Environment.NewLine}expected: {expected?.ToJsonString()}{Environment.NewLine}actual:   {actual?.ToJsonString()}");
    }

    private static string? Compare(JsonNode? expected, JsonNode? actual, string path, IReadOnlyCollection<string> orderFree)
    {
        var expectedKind = expected?.GetValueKind() ?? JsonValueKind.Null;
        var actualKind = actual?.GetValueKind() ?? JsonValueKind.Null;
        if (expectedKind != actualKind && !(IsBoolean(expectedKind) && IsBoolean(actualKind)))
        {
            return $"{path}: expected a {expectedKind}, got a {actualKind}.";
        }

        switch (expectedKind)
        {
            case JsonValueKind.Object:
                var expectedObject = expected!.AsObject();
                var actualObject = actual!.AsObject();
                var expectedKeys = expectedObject.Select(property => property.Key).ToList();
                var actualKeys = actualObject.Select(property => property.Key).ToList();
                var missing = expectedKeys.Except(actualKeys, StringComparer.Ordinal).ToList();
                var extra = actualKeys.Except(expectedKeys, StringComparer.Ordinal).ToList();
                if (missing.Count > 0 || extra.Count > 0)
                {
                    return $"{path}: missing keys [{string.Join(", ", missing)}], unexpected keys [{string.Join(", ", extra)}].";
                }

                var expectedOrder = expectedKeys.Where(key => !orderFree.Contains(key)).ToList();
                var actualOrder = actualKeys.Where(key => !orderFree.Contains(key)).ToList();
                if (!expectedOrder.SequenceEqual(actualOrder, StringComparer.Ordinal))
                {
                    return $"{path}: keys in order [{string.Join(", ", actualOrder)}], expected [{string.Join(", ", expectedOrder)}].";
                }

                foreach (var key in expectedKeys)
                {
                    if (Compare(expectedObject[key], actualObject[key], $"{path}.{key}", orderFree) is { } difference)
                    {
                        return difference;
                    }
                }

                return null;
            case JsonValueKind.Array:
                var expectedArray = expected!.AsArray();
                var actualArray = actual!.AsArray();
                if (expectedArray.Count != actualArray.Count)
                {
                    return $"{path}: expected {expectedArray.Count} items, got {actualArray.Count}.";
                }

                for (var i = 0; i < expectedArray.Count; i++)
                {
                    if (Compare(expectedArray[i], actualArray[i], $"{path}[{i}]", orderFree) is { } difference)
                    {
                        return difference;
                    }
                }

                return null;
            case JsonValueKind.Number:
                var expectedNumber = Number(expected!);
                var actualNumber = Number(actual!);
                return expectedNumber == actualNumber ? null : $"{path}: expected {expectedNumber}, got {actualNumber}.";
            case JsonValueKind.String:
                var expectedText = expected!.GetValue<string>();
                var actualText = actual!.GetValue<string>();
                return string.Equals(expectedText, actualText, StringComparison.Ordinal) ? null : $"{path}: expected \"{expectedText}\", got \"{actualText}\".";
            case JsonValueKind.True:
            case JsonValueKind.False:
                return expectedKind == actualKind ? null : $"{path}: expected {expectedKind}, got {actualKind}.";
            default:
                return null;
        }
    }

    private static decimal Number(JsonNode node) =>
        decimal.Parse(node.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture);

    private static bool IsBoolean(JsonValueKind kind) => kind is JsonValueKind.True or JsonValueKind.False;
}
