using System.Globalization;
using System.Text.Json.Nodes;

namespace LogisticsFunctions.Infra.Tests;

/// <summary>
/// Evaluates a template's values for given parameter values, so a test can say what a resource looks
/// like in each configuration (e.g. the firewall with and without the fixed outbound IP) instead of
/// matching the compiled text. Knows the functions the templates here use for such values: if, not,
/// and, or, empty, equals, concat, createArray, createObject, map with a lambda, format, variables,
/// parameters, copyIndex (for one given copy), toLower, and resourceId (as the text
/// <c>resourceId('type', 'name', …)</c> of its evaluated arguments). A module's output read by its parent (<c>reference(resourceId('Microsoft.Resources/deployments', 'm'), …).outputs.o.value</c>)
/// evaluates to the marker string "module m output o". Anything else fails the test, naming it.
/// </summary>
internal sealed class ArmEvaluator(ArmTemplate template, IReadOnlyDictionary<string, JsonNode?> parameters, int? copyIndex = null)
{
    private readonly Dictionary<string, JsonNode?> lambdaVariables = new(StringComparer.Ordinal);

    public static string ModuleOutput(string module, string output) => $"module {module} output {output}";

    public static string ResourceId(params string[] typeAndNames) => $"resourceId({string.Join(", ", typeAndNames.Select(part => $"'{part}'"))})";

    /// <summary>The element with every expression in it evaluated.</summary>
    public JsonNode? Evaluate(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.String when ArmExpression.IsExpression(element.GetString()!) => Evaluate(ArmExpression.Parse(element.GetString()!)),
        JsonValueKind.Object => new JsonObject(element.EnumerateObject().Select(property => KeyValuePair.Create(property.Name, Evaluate(property.Value)))),
        JsonValueKind.Array => new JsonArray(element.EnumerateArray().Select(Evaluate).ToArray()),
        _ => JsonNode.Parse(element.GetRawText()),
    };

    public JsonNode? Evaluate(ArmExpression expression) => expression switch
    {
        ArmString literal => JsonValue.Create(literal.Value),
        ArmNumber number => JsonValue.Create(number.Value),
        ArmMember { Name: "value", Target: ArmMember { Target: ArmMember { Name: "outputs", Target: ArmCall reference } } output } when reference.Is("reference") =>
            JsonValue.Create(ModuleOutput(DeploymentName(reference), output.Name)),
        ArmMember member => Member(Evaluate(member.Target), member.Name),
        ArmIndex index => Index(Evaluate(index.Target), Evaluate(index.Index)),
        ArmCall call => Call(call),
        _ => throw new Xunit.Sdk.XunitException($"cannot evaluate '{expression}'"),
    };

    private static JsonNode? Member(JsonNode? target, string name) =>
        target is JsonObject value && value.TryGetPropertyValue(name, out var member) ? member?.DeepClone() : throw new Xunit.Sdk.XunitException($"no property '{name}' on {target?.ToJsonString()}");

    private static JsonNode? Index(JsonNode? target, JsonNode? index) => target switch
    {
        JsonArray array => array[index!.GetValue<int>()]?.DeepClone(),
        JsonObject value => Member(value, index!.GetValue<string>()),
        _ => throw new Xunit.Sdk.XunitException($"cannot index {target?.ToJsonString()}"),
    };

    private static string DeploymentName(ArmCall reference)
    {
        var id = Assert.IsType<ArmCall>(reference.Arguments[0]);
        Assert.True(id.Is("resourceId") && id.Arguments is [ArmString { Value: "Microsoft.Resources/deployments" }, ArmString], $"'{reference}' does not read a module's outputs");
        return ((ArmString)id.Arguments[1]).Value;
    }

    private static bool Truth(JsonNode? value) => value is JsonValue boolean && boolean.TryGetValue<bool>(out var result)
        ? result
        : throw new Xunit.Sdk.XunitException($"{value?.ToJsonString() ?? "null"} is not a bool");

    private static bool IsEmpty(JsonNode? value) => value switch
    {
        null => true,
        JsonArray array => array.Count == 0,
        JsonObject obj => obj.Count == 0,
        JsonValue text when text.TryGetValue<string>(out var s) => s.Length == 0,
        _ => throw new Xunit.Sdk.XunitException($"empty() of {value.ToJsonString()}"),
    };

    private JsonNode? Call(ArmCall call)
    {
        var arguments = call.Arguments;
        switch (call.Function.ToLowerInvariant())
        {
            case "parameters":
                return Parameter(((ArmString)arguments[0]).Value);
            case "variables":
                var name = ((ArmString)arguments[0]).Value;
                Assert.True(template.Variables.TryGetValue(name, out var variable), $"variable '{name}' is not defined");
                return Evaluate(variable);
            case "lambdavariables":
                return lambdaVariables[((ArmString)arguments[0]).Value]?.DeepClone();
            case "if":
                return Truth(Evaluate(arguments[0])) ? Evaluate(arguments[1]) : Evaluate(arguments[2]);
            case "not":
                return JsonValue.Create(!Truth(Evaluate(arguments[0])));
            case "and":
                return JsonValue.Create(arguments.All(argument => Truth(Evaluate(argument))));
            case "or":
                return JsonValue.Create(arguments.Any(argument => Truth(Evaluate(argument))));
            case "empty":
                return JsonValue.Create(IsEmpty(Evaluate(arguments[0])));
            case "equals":
                return JsonValue.Create(JsonNode.DeepEquals(Evaluate(arguments[0]), Evaluate(arguments[1])));
            case "true":
                return JsonValue.Create(true);
            case "false":
                return JsonValue.Create(false);
            case "null":
                return null;
            case "copyindex":
                Assert.True(copyIndex.HasValue, $"'{call}' needs a copy index; give the evaluator one");
                return JsonValue.Create(copyIndex!.Value);
            case "tolower":
                return JsonValue.Create(Evaluate(arguments[0])!.GetValue<string>().ToLowerInvariant());
            case "resourceid":
                return JsonValue.Create(ResourceId(arguments.Select(argument => Evaluate(argument)!.GetValue<string>()).ToArray()));
            case "createarray":
                return new JsonArray(arguments.Select(Evaluate).ToArray());
            case "createobject":
                var created = new JsonObject();
                for (var i = 0; i + 1 < arguments.Count; i += 2)
                {
                    created[Evaluate(arguments[i])!.GetValue<string>()] = Evaluate(arguments[i + 1]);
                }

                return created;
            case "concat":
                var parts = arguments.Select(Evaluate).ToList();
                return parts.All(part => part is JsonArray)
                    ? new JsonArray(parts.SelectMany(part => ((JsonArray)part!).Select(item => item?.DeepClone())).ToArray())
                    : JsonValue.Create(string.Concat(parts.Select(part => part!.GetValue<string>())));
            case "format":
                var values = arguments.Skip(1).Select(argument => Evaluate(argument) is JsonValue value && value.TryGetValue<string>(out var text) ? text : Evaluate(argument)?.ToJsonString()).ToArray<object?>();
                return JsonValue.Create(string.Format(CultureInfo.InvariantCulture, Evaluate(arguments[0])!.GetValue<string>(), values));
            case "map":
                var source = Assert.IsType<JsonArray>(Evaluate(arguments[0]));
                var lambda = Assert.IsType<ArmCall>(arguments[1]);
                Assert.True(lambda.Is("lambda") && lambda.Arguments is [ArmString, _], $"'{lambda}' is not a one-variable lambda");
                var variableName = ((ArmString)lambda.Arguments[0]).Value;
                var mapped = new List<JsonNode?>();
                foreach (var item in source)
                {
                    lambdaVariables[variableName] = item?.DeepClone();
                    mapped.Add(Evaluate(lambda.Arguments[1]));
                }

                lambdaVariables.Remove(variableName);
                return new JsonArray(mapped.ToArray());
            default:
                throw new Xunit.Sdk.XunitException($"the test evaluator does not know '{call.Function}' (in '{call}')");
        }
    }

    private JsonNode? Parameter(string name)
    {
        if (parameters.TryGetValue(name, out var value))
        {
            return value?.DeepClone();
        }

        var defaultValue = default(JsonElement);
        Assert.True(
            template.ParameterDefinitions.TryGetValue(name, out var definition) && definition.TryGetProperty("defaultValue", out defaultValue),
            $"no value given for parameter '{name}', and it has no default");
        return Evaluate(defaultValue);
    }
}
