using static LogisticsFunctions.Infra.Tests.LogisticsInfrastructure;

namespace LogisticsFunctions.Infra.Tests;

/// <summary>The webhook relay's part of the template: its queues, its settings with and without a URL, and its roles.</summary>
public sealed class RelayInfraTests
{
    private const string RelayOn = "not(empty(parameters('webhookUrl')))";
    private const string RelayOff = "empty(parameters('webhookUrl'))";

    private static readonly string[] RelayQueues = ["express-path-events-retry", "express-path-events-poison", "express-path-events-retry-poison"];

    public static bool IsRelaySetting(string name) =>
        name.StartsWith("Webhook__", StringComparison.Ordinal) || name.StartsWith("AzureWebJobs_ExpressPathRelay", StringComparison.Ordinal);

    [Fact]
    public void The_retry_queue_and_both_poison_queues_are_declared_in_the_host_storage_account()
    {
        var queues = Assert.Single(Main.AllOfType("Microsoft.Storage/storageAccounts/queueServices/queues"), queue => queue.Element.TryGetProperty("copy", out _));
        var segments = TemplateValue.NameSegments(queues);

        Assert.Equal(StorageAccount.Name, segments[0]);
        Assert.Same(StorageAccount.Template, queues.Template);
        Assert.Equal("[parameters('relayQueueNames')[copyIndex()]]", segments[2]);
        var passed = queues.Template.ValuePassedFor("relayQueueNames").EnumerateArray().Select(name => TemplateValue.StringOf(Main, name.GetString()!));
        Assert.Equal(RelayQueues, passed);
        Assert.False(queues.Element.TryGetProperty("condition", out _), "the queues exist whether or not the relay runs: the host's poison queue serves any queue trigger");
    }

    [Fact]
    public void Without_a_URL_both_relay_functions_are_disabled_with_the_Linux_spelling_of_the_platforms_switch()
    {
        var settings = SiteAppSettings.Read(Site).Where(setting => setting.Condition == RelayOff).ToList();

        Assert.Equal(["AzureWebJobs_ExpressPathRelay_Disabled", "AzureWebJobs_ExpressPathRelayRetry_Disabled"], settings.Select(setting => setting.Name));
        Assert.All(settings, setting => Assert.Equal("1", setting.Value.GetString()));
        Assert.Equal(string.Empty, DefaultOf("webhookUrl").GetString());
        Assert.Equal(string.Empty, ParameterFileValue("webhookUrl").GetString());
    }

    [Fact]
    public void With_a_URL_the_app_gets_it_and_the_vault_secret_name_and_never_a_secret_value()
    {
        var settings = SiteAppSettings.Read(Site).Where(setting => setting.Condition?.Contains(RelayOn, StringComparison.Ordinal) == true).ToList();

        Assert.Equal(["Webhook__Url", "Webhook__SecretName", "Webhook__PreviousSecretName"], settings.Select(setting => setting.Name));
        Assert.Equal("[parameters('webhookUrl')]", Traced(Site, settings[0].Value.GetString()!));
        Assert.Equal("[parameters('webhookSecretName')]", Traced(Site, settings[1].Value.GetString()!));
        Assert.Equal(RelayOn, settings[1].Condition);
        Assert.Equal($"and({RelayOn}, not(empty(parameters('webhookPreviousSecretName'))))", settings[2].Condition);
        Assert.Equal("webhook-secret", DefaultOf("webhookSecretName").GetString());
        Assert.DoesNotContain(AppSettings().Keys, name => name is "Webhook__Secret" or "Webhook__PreviousSecret");
        Assert.Contains("WEBHOOK_SECRET_NAME", Main.Outputs.Keys);
        Assert.Contains("QUEUE_SERVICE_URL", Main.Outputs.Keys);
    }

    [Theory]
    [InlineData("express-path-events", StorageQueueDataContributor)]
    [InlineData("express-path-events-retry", StorageQueueDataContributor)]
    [InlineData("express-path-events-poison", StorageQueueDataMessageSender)]
    [InlineData("express-path-events-retry-poison", StorageQueueDataMessageSender)]
    public void While_the_relay_runs_the_identity_holds_one_role_on_each_of_its_queues(string queue, string role)
    {
        var assignments = AssignmentsOf(role).Where(assignment => assignment.Element.TryGetProperty("condition", out _) && QueueOf(assignment) == queue).ToList();

        var assignment = Assert.Single(assignments);
        Assert.True(IsForAppIdentity(assignment), $"{assignment} must be for the user-assigned identity");
        Assert.Equal("[parameters('relayEnabled')]", assignment.StringAt("condition"));
        Assert.Equal("[not(empty(parameters('webhookUrl')))]", Traced(assignment, "[parameters('relayEnabled')]"));
    }

    [Fact]
    public void The_relay_adds_no_other_role()
    {
        var conditional = RoleAssignments().Where(IsForAppIdentity).Where(assignment => assignment.Element.TryGetProperty("condition", out _)).ToList();

        Assert.Equal(4, conditional.Count);
        Assert.All(conditional, assignment => Assert.Contains(QueueOf(assignment), new[] { PushQueueName }.Concat(RelayQueues)));
    }

    // The queue a role assignment is scoped to: resourceId('…/queues', account, 'default', <queue name>).
    private static string? QueueOf(ArmResource assignment)
    {
        if (ArmExpression.Parse(assignment.StringAt("scope")) is not ArmCall { Arguments.Count: 4 } resourceId
            || resourceId.Arguments[0].ToString() != "'Microsoft.Storage/storageAccounts/queueServices/queues'")
        {
            return null;
        }

        return TemplateValue.StringOf(assignment.Template, resourceId.Arguments[3].ToTemplateString());
    }
}
