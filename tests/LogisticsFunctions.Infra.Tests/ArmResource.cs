namespace LogisticsFunctions.Infra.Tests;

/// <summary>One resource of a compiled template, with the template it sits in.</summary>
internal sealed class ArmResource
{
    public ArmResource(ArmTemplate template, JsonElement element)
    {
        Template = template;
        Element = element;
        NestedTemplate =
            Type == "Microsoft.Resources/deployments"
            && Properties.ValueKind == JsonValueKind.Object
            && Properties.TryGetProperty("template", out var nested)
                ? ArmTemplate.Nest(nested, this)
                : null;
    }

    public ArmTemplate Template { get; }

    public JsonElement Element { get; }

    public string Type => Element.GetProperty("type").GetString()!;

    /// <summary>The name as written: a literal or an expression string.</summary>
    public string Name => Element.GetProperty("name").GetString()!;

    /// <summary><c>properties</c>, or an undefined element when the resource has none.</summary>
    public JsonElement Properties => Element.TryGetProperty("properties", out var properties) ? properties : default;

    /// <summary>True for <c>existing</c> references (language version 2.0 lists them among resources).</summary>
    public bool IsExisting => Element.TryGetProperty("existing", out var existing) && existing.ValueKind == JsonValueKind.True;

    /// <summary>The template of a module deployment; null for any other resource.</summary>
    public ArmTemplate? NestedTemplate { get; }

    /// <summary>The element at a property path below the resource (e.g. "properties", "siteConfig"); fails the test when absent.</summary>
    public JsonElement At(params string[] path)
    {
        var current = Element;
        foreach (var step in path)
        {
            Assert.True(
                current.ValueKind == JsonValueKind.Object && current.TryGetProperty(step, out current),
                $"{Type} '{Name}' has no {string.Join('.', path)}");
        }

        return current;
    }

    /// <summary>The string at a property path; fails the test when absent or not a string.</summary>
    public string StringAt(params string[] path)
    {
        var value = At(path);
        Assert.True(value.ValueKind == JsonValueKind.String, $"{Type} '{Name}': {string.Join('.', path)} is {value.ValueKind}, not a string");
        return value.GetString()!;
    }

    public override string ToString() => $"{Type} '{Name}'";
}
