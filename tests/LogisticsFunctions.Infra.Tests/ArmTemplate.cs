using System.Text.RegularExpressions;

namespace LogisticsFunctions.Infra.Tests;

/// <summary>
/// One ARM template: the compiled main template or a module's template nested in a
/// <c>Microsoft.Resources/deployments</c> resource (<c>properties.template</c>). Handles both
/// <c>resources</c> forms: an array, or (language version 2.0) an object keyed by symbolic name.
/// Expressions stay strings such as <c>"[parameters('x')]"</c>; <see cref="ExpandVariables"/> inlines
/// string variables so assertions can look for literal values.
/// </summary>
internal sealed partial class ArmTemplate
{
    private ArmTemplate(JsonElement root, ArmResource? deployment)
    {
        Root = root;
        Deployment = deployment;
        Resources = ReadResources(root).Select(element => new ArmResource(this, element)).ToList();
    }

    public JsonElement Root { get; }

    /// <summary>The deployment resource this template is nested in; null for the main template.</summary>
    public ArmResource? Deployment { get; }

    /// <summary>This template's own resources (not those of nested templates).</summary>
    public IReadOnlyList<ArmResource> Resources { get; }

    public IReadOnlyDictionary<string, JsonElement> ParameterDefinitions => Section("parameters");

    public IReadOnlyDictionary<string, JsonElement> Outputs => Section("outputs");

    public IReadOnlyDictionary<string, JsonElement> Variables => Section("variables");

    public static ArmTemplate Parse(string json) => new(ParseElement(json), deployment: null);

    public static JsonElement ParseElement(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }

    /// <summary>This template and every template nested in it, depth first.</summary>
    public IEnumerable<ArmTemplate> AllTemplates()
    {
        yield return this;
        foreach (var nested in Resources.Select(resource => resource.NestedTemplate).OfType<ArmTemplate>())
        {
            foreach (var template in nested.AllTemplates())
            {
                yield return template;
            }
        }
    }

    /// <summary>Every resource of this template and of all nested templates, whatever their form.</summary>
    public IEnumerable<ArmResource> AllResources() => AllTemplates().SelectMany(template => template.Resources);

    /// <summary>Every resource of the given type anywhere in the template tree.</summary>
    public IReadOnlyList<ArmResource> AllOfType(string type) =>
        AllResources().Where(resource => string.Equals(resource.Type, type, StringComparison.OrdinalIgnoreCase)).ToList();

    /// <summary>The one resource of the given type; fails the test if there is not exactly one.</summary>
    public ArmResource Single(string type)
    {
        var matches = AllOfType(type);
        Assert.True(matches.Count == 1, $"expected exactly one {type} in the compiled template, found {matches.Count}");
        return matches[0];
    }

    /// <summary>The module deployment with the given name (the Bicep module's <c>name:</c>).</summary>
    public ArmResource Module(string name)
    {
        var module = AllOfType("Microsoft.Resources/deployments").SingleOrDefault(resource => resource.Name == name);
        Assert.True(module is not null, $"expected a module deployment named '{name}' in the compiled template");
        return module!;
    }

    /// <summary>
    /// The value the enclosing deployment passes for this template's parameter, as a JSON element
    /// (usually an expression string in the parent template's terms).
    /// </summary>
    public JsonElement ValuePassedFor(string parameterName)
    {
        if (Deployment is not null
            && Deployment.Properties.TryGetProperty("parameters", out var parameters)
            && parameters.TryGetProperty(parameterName, out var parameter))
        {
            // { "value": … }, or one expression for the whole parameter when the argument is conditional.
            return parameter.ValueKind == JsonValueKind.Object ? parameter.GetProperty("value") : parameter;
        }

        throw new Xunit.Sdk.XunitException(Deployment is null
            ? $"parameter '{parameterName}' belongs to the main template, which no deployment passes values to"
            : $"module '{Deployment.Name}' passes no value for '{parameterName}'");
    }

    /// <summary>Replaces <c>variables('name')</c> with the variable's value when it is a plain string.</summary>
    public string ExpandVariables(string expression) =>
        VariableReference().Replace(expression, match =>
            Variables.TryGetValue(match.Groups["name"].Value, out var value) && value.ValueKind == JsonValueKind.String
                ? $"'{value.GetString()}'"
                : match.Value);

    internal static ArmTemplate Nest(JsonElement template, ArmResource deployment) => new(template, deployment);

    private static List<JsonElement> ReadResources(JsonElement template)
    {
        if (!template.TryGetProperty("resources", out var resources))
        {
            return [];
        }

        return resources.ValueKind switch
        {
            JsonValueKind.Array => resources.EnumerateArray().ToList(),
            JsonValueKind.Object => resources.EnumerateObject().Select(symbol => symbol.Value).ToList(),
            _ => throw new InvalidDataException($"'resources' is a {resources.ValueKind}, neither an array nor an object"),
        };
    }

    private Dictionary<string, JsonElement> Section(string name) =>
        Root.TryGetProperty(name, out var section) && section.ValueKind == JsonValueKind.Object
            ? section.EnumerateObject().ToDictionary(property => property.Name, property => property.Value, StringComparer.Ordinal)
            : new Dictionary<string, JsonElement>(StringComparer.Ordinal);

    [GeneratedRegex(@"variables\('(?<name>[^']+)'\)")]
    private static partial Regex VariableReference();
}
