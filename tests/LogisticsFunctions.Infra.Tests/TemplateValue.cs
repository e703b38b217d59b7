using System.Globalization;

namespace LogisticsFunctions.Infra.Tests;

/// <summary>
/// Works out values the template fixes before deployment: literals, variables, parameters passed down
/// from a parent template (through <see cref="ExpressionTrace"/>), a property of those (<c>x.name</c>),
/// and <c>format</c> of those. Anything known only at deployment (a main-template parameter, a
/// reference) has no value here.
/// </summary>
internal static class TemplateValue
{
    /// <summary>The string the value is, or null when it is decided at deployment.</summary>
    public static string? StringOf(ArmTemplate template, string text) =>
        Evaluate(template, text) is { ValueKind: JsonValueKind.String } value ? value.GetString() : null;

    /// <summary>The value (string, number, bool, array or object), or null when it is decided at deployment.</summary>
    public static JsonElement? Evaluate(ArmTemplate template, string text)
    {
        if (!ArmExpression.IsExpression(text))
        {
            return ArmTemplate.ParseElement(JsonSerializer.Serialize(text));
        }

        var traced = ExpressionTrace.Trace(template, text);
        return ArmExpression.IsExpression(traced.Expression)
            ? Evaluate(traced.Template, ArmExpression.Parse(traced.Expression))
            : PassedLiteral(traced.Expression);
    }

    /// <summary>The segments of a (child) resource name, each as an expression string or literal: "a/b/c" or format('{0}/{1}/{2}', …).</summary>
    public static IReadOnlyList<string> NameSegments(ArmResource resource)
    {
        if (!ArmExpression.IsExpression(resource.Name))
        {
            return resource.Name.Split('/');
        }

        var name = ArmExpression.Parse(resource.Name);
        if (name is ArmCall format && format.Is("format") && format.Arguments[0] is ArmString pattern)
        {
            var placeholders = pattern.Value.Split('/');
            Assert.All(placeholders, placeholder => Assert.Matches(@"^\{\d+\}$|^[^{}]+$", placeholder));
            return placeholders.Select(placeholder => placeholder.StartsWith('{')
                ? ToValueString(format.Arguments[int.Parse(placeholder.Trim('{', '}'), CultureInfo.InvariantCulture) + 1])
                : placeholder).ToList();
        }

        return [resource.Name];
    }

    private static JsonElement? Evaluate(ArmTemplate template, ArmExpression expression)
    {
        switch (expression)
        {
            case ArmString literal:
                return ArmTemplate.ParseElement(JsonSerializer.Serialize(literal.Value));
            case ArmNumber number:
                return ArmTemplate.ParseElement(number.Value.ToString(CultureInfo.InvariantCulture));
            case ArmCall call when call.Is("variables") && call.Arguments is [ArmString variable]:
                Assert.True(template.Variables.TryGetValue(variable.Value, out var value), $"variable '{variable.Value}' is not defined");
                return value.ValueKind == JsonValueKind.String ? Evaluate(template, value.GetString()!) : value;
            case ArmCall call when call.Is("parameters"):
                // ExpressionTrace already followed it to the parent if it had one: a main-template parameter.
                return template.Deployment is null ? null : Evaluate(template, call.ToTemplateString());
            case ArmMember member:
                return Evaluate(template, member.Target) is { ValueKind: JsonValueKind.Object } target && target.TryGetProperty(member.Name, out var property)
                    ? property.ValueKind == JsonValueKind.String ? Evaluate(template, property.GetString()!) : property
                    : null;
            case ArmCall call when call.Is("format") && call.Arguments.Count >= 1:
                var parts = call.Arguments.Select(argument => Evaluate(template, argument)).ToList();
                if (parts.Any(part => part is null))
                {
                    return null;
                }

                var pattern = parts[0]!.Value.GetString()!;
                var arguments = parts.Skip(1).Select(part => part!.Value.ValueKind == JsonValueKind.String ? part.Value.GetString() : part.Value.GetRawText()).ToArray<object?>();
                return ArmTemplate.ParseElement(JsonSerializer.Serialize(string.Format(CultureInfo.InvariantCulture, pattern, arguments)));
            default:
                return null;
        }
    }

    /// <summary>A parent passes a literal as its JSON text (a number, an array) or, for a string, the string itself.</summary>
    private static JsonElement PassedLiteral(string text)
    {
        try
        {
            return ArmTemplate.ParseElement(text);
        }
        catch (JsonException)
        {
            return ArmTemplate.ParseElement(JsonSerializer.Serialize(text));
        }
    }

    private static string ToValueString(ArmExpression expression) => expression is ArmString literal ? literal.Value : expression.ToTemplateString();
}
