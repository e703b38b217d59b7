using System.Text.RegularExpressions;

namespace LogisticsFunctions.Infra.Tests;

/// <summary>
/// The order ARM deploys the template's resources in, read from the compiled <c>dependsOn</c>: a module
/// deployment starts after every deployment it depends on has finished (with all it holds, nested
/// deployments included), and whatever a module holds starts after what the module waits for.
/// </summary>
internal static partial class DeploymentOrder
{
    /// <summary>True when <paramref name="resource"/> cannot start before <paramref name="deployment"/> has finished.</summary>
    public static bool RunsAfter(ArmResource resource, ArmResource deployment)
    {
        Assert.Equal("Microsoft.Resources/deployments", deployment.Type);
        for (var enclosing = resource.Template.Deployment; enclosing is not null; enclosing = enclosing.Template.Deployment)
        {
            if (Predecessors(enclosing).Contains(deployment))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Every deployment that must finish before this one starts, directly or through others.</summary>
    public static IReadOnlySet<ArmResource> Predecessors(ArmResource deployment)
    {
        var found = new HashSet<ArmResource>();
        var pending = new Stack<ArmResource>(DirectPredecessors(deployment));
        while (pending.TryPop(out var next))
        {
            if (found.Add(next))
            {
                foreach (var before in DirectPredecessors(next))
                {
                    pending.Push(before);
                }
            }
        }

        return found;
    }

    /// <summary>The deployment that holds the resource, however deep (the resource itself when it is one).</summary>
    public static ArmResource ModuleOf(ArmResource resource) =>
        resource.Type == "Microsoft.Resources/deployments" ? resource : resource.Template.Deployment ?? throw new Xunit.Sdk.XunitException($"{resource} is in the main template, not in a module");

    private static List<ArmResource> DirectPredecessors(ArmResource deployment)
    {
        if (!deployment.Element.TryGetProperty("dependsOn", out var dependsOn))
        {
            return [];
        }

        return dependsOn.EnumerateArray().Select(entry =>
        {
            var text = entry.GetString()!;
            var match = DeploymentReference().Match(text);
            Assert.True(match.Success, $"{deployment}: dependsOn entry '{text}' is not a module deployment; the order check reads only those");
            var name = match.Groups["name"].Value;
            var target = deployment.Template.Resources.SingleOrDefault(resource => resource.Type == "Microsoft.Resources/deployments" && resource.Name == name);
            Assert.True(target is not null, $"{deployment} depends on '{name}', which is not a module of the same template");
            return target!;
        }).ToList();
    }

    [GeneratedRegex(@"^\[resourceId\('Microsoft\.Resources/deployments', '(?<name>[^']+)'\)\]$")]
    private static partial Regex DeploymentReference();
}
