using System.Text.RegularExpressions;

namespace LogisticsFunctions.Infra.Tests;

/// <summary>
/// Follows a value through module boundaries to where it is made: a module's
/// <c>[parameters('x')]</c> leads to what its parent passes for x, and a parent's
/// <c>[reference(resourceId('Microsoft.Resources/deployments', 'm'), …).outputs.o.value]</c> leads into
/// module m's output o. What is left is the expression that produces the value, in its template's terms.
/// </summary>
internal static partial class ExpressionTrace
{
    public static TracedExpression Trace(ArmTemplate template, string expression)
    {
        for (var step = 0; step < 32; step++)
        {
            if (ParameterOnly().Match(expression) is { Success: true } parameter && template.Deployment is { } deployment)
            {
                var passed = template.ValuePassedFor(parameter.Groups["name"].Value);
                if (passed.ValueKind != JsonValueKind.String)
                {
                    return new TracedExpression(deployment.Template, passed.GetRawText());
                }

                expression = passed.GetString()!;
                template = deployment.Template;
                continue;
            }

            if (ModuleOutputOnly().Match(expression) is { Success: true } output)
            {
                var module = template.Resources.SingleOrDefault(resource =>
                    resource.Type == "Microsoft.Resources/deployments" && resource.Name == output.Groups["module"].Value);
                Assert.True(module?.NestedTemplate is not null, $"'{expression}' refers to a module that is not in the same template");
                var outputs = module!.NestedTemplate!.Outputs;
                Assert.True(outputs.TryGetValue(output.Groups["output"].Value, out var declared), $"module '{module.Name}' has no output '{output.Groups["output"].Value}'");
                expression = declared.GetProperty("value").GetString()!;
                template = module.NestedTemplate;
                continue;
            }

            return new TracedExpression(template, expression);
        }

        throw new InvalidOperationException($"tracing '{expression}' did not end within 32 steps");
    }

    [GeneratedRegex(@"^\[parameters\('(?<name>[^']+)'\)\]$")]
    private static partial Regex ParameterOnly();

    [GeneratedRegex(@"^\[reference\(resourceId\('Microsoft\.Resources/deployments', '(?<module>[^']+)'\), '[^']+'\)\.outputs\.(?<output>[A-Za-z0-9_]+)\.value\]$")]
    private static partial Regex ModuleOutputOnly();
}

/// <summary>Where a traced value is made: the template and the expression there.</summary>
internal sealed record TracedExpression(ArmTemplate Template, string Expression);
