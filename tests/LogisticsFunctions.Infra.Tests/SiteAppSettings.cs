namespace LogisticsFunctions.Infra.Tests;

/// <summary>
/// One entry of the site's <c>siteConfig.appSettings</c>: its value as the template writes it (a
/// literal, or an expression string such as <c>"[parameters('x')]"</c>) and, for a setting that exists
/// only in one branch of a condition, that condition (null when the setting is always there).
/// </summary>
internal sealed record AppSetting(string Name, JsonElement Value, string? Condition);

/// <summary>
/// Reads <c>siteConfig.appSettings</c> whether it compiled to a JSON array or, because some settings
/// are conditional, to one expression built from <c>concat</c>, <c>createArray</c>, <c>createObject</c>,
/// <c>if</c> and template variables.
/// </summary>
internal static class SiteAppSettings
{
    public static IReadOnlyList<AppSetting> Read(ArmResource site)
    {
        var settings = site.At("properties", "siteConfig", "appSettings");
        var found = new List<AppSetting>();
        Collect(site.Template, settings, condition: null, found);
        var duplicates = found.GroupBy(setting => setting.Name, StringComparer.OrdinalIgnoreCase).Where(group => group.Count() > 1).Select(group => group.Key).ToList();
        Assert.True(duplicates.Count == 0, $"app settings set more than once: {string.Join(", ", duplicates)}");
        return found;
    }

    private static void Collect(ArmTemplate template, JsonElement value, string? condition, List<AppSetting> found)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.Array:
                foreach (var setting in value.EnumerateArray())
                {
                    found.Add(new AppSetting(setting.GetProperty("name").GetString()!, setting.GetProperty("value"), condition));
                }

                break;
            case JsonValueKind.String:
                Collect(template, ArmExpression.Parse(value.GetString()!), condition, found);
                break;
            default:
                throw new Xunit.Sdk.XunitException($"appSettings is a {value.ValueKind}, neither an array nor an expression");
        }
    }

    private static void Collect(ArmTemplate template, ArmExpression expression, string? condition, List<AppSetting> found)
    {
        switch (expression)
        {
            case ArmCall call when call.Is("concat") || call.Is("createArray"):
                foreach (var part in call.Arguments)
                {
                    Collect(template, part, condition, found);
                }

                break;
            case ArmCall call when call.Is("if") && call.Arguments.Count == 3:
                var test = call.Arguments[0].ToString();
                Collect(template, call.Arguments[1], And(condition, test), found);
                Collect(template, call.Arguments[2], And(condition, $"not({test})"), found);
                break;
            case ArmCall call when call.Is("variables") && call.Arguments is [ArmString variable]:
                Assert.True(template.Variables.TryGetValue(variable.Value, out var variableValue), $"variable '{variable.Value}' is not defined");
                Collect(template, variableValue, condition, found);
                break;
            case ArmCall call when call.Is("createObject"):
                found.Add(FromCreateObject(call, condition));
                break;
            default:
                throw new Xunit.Sdk.XunitException($"cannot read app settings from '{expression}'");
        }
    }

    private static AppSetting FromCreateObject(ArmCall createObject, string? condition)
    {
        var properties = new Dictionary<string, ArmExpression>(StringComparer.Ordinal);
        for (var i = 0; i + 1 < createObject.Arguments.Count; i += 2)
        {
            var key = Assert.IsType<ArmString>(createObject.Arguments[i]);
            properties[key.Value] = createObject.Arguments[i + 1];
        }

        Assert.True(properties.TryGetValue("name", out var name) && name is ArmString, $"'{createObject}' has no literal name");
        Assert.True(properties.TryGetValue("value", out var value), $"'{createObject}' has no value");
        // A literal stays a literal; anything else becomes the expression string the template would hold.
        var valueText = value is ArmString literal ? literal.Value : value.ToTemplateString();
        return new AppSetting(((ArmString)name).Value, ArmTemplate.ParseElement(JsonSerializer.Serialize(valueText)), condition);
    }

    private static string And(string? outer, string inner) => outer is null ? inner : $"and({outer}, {inner})";
}
