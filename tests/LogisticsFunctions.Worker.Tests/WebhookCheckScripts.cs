using System.Diagnostics;
using System.Text.Json;
using LogisticsFunctions.WeChatSimulator.Backend;
using LogisticsFunctions.Worker.Tests.Hosting;

namespace LogisticsFunctions.Worker.Tests;

/// <summary>
/// Runs tools/webhook-check's verifiers on a webhook the backend received, as a Node backend (the Standard Webhooks
/// reference library, npm standardwebhooks) and a Python backend (the standard library) would verify it; the same
/// code docs/webhooks.md shows. Node's modules come from <c>npm ci --prefix tools/webhook-check</c>.
/// </summary>
internal static class WebhookCheckScripts
{
    public static Task<(int ExitCode, string Output)> VerifyWithNodeAsync(string secret, WebhookReceipt receipt) =>
        RunAsync("node", "verify.mjs", secret, receipt);

    public static Task<(int ExitCode, string Output)> VerifyWithPythonAsync(string secret, WebhookReceipt receipt) =>
        RunAsync("python3", "verify.py", secret, receipt);

    private static async Task<(int ExitCode, string Output)> RunAsync(string interpreter, string script, string secret, WebhookReceipt receipt)
    {
        var directory = Path.Combine(PublishedWorkerFixture.FindRepositoryRoot(), "tools", "webhook-check");
        if (interpreter == "node" && !Directory.Exists(Path.Combine(directory, "node_modules", "standardwebhooks")))
        {
            throw new InvalidOperationException("npm standardwebhooks is not installed: run 'npm ci --prefix tools/webhook-check' in the repository root.");
        }

        var startInfo = new ProcessStartInfo(interpreter, script)
        {
            WorkingDirectory = directory,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using var process = Process.Start(startInfo) ?? throw new InvalidOperationException($"could not start {interpreter}");
        await process.StandardInput.WriteAsync(JsonSerializer.Serialize(new
        {
            secret,
            headers = new Dictionary<string, string?>
            {
                ["webhook-id"] = receipt.WebhookId,
                ["webhook-timestamp"] = receipt.Timestamp,
                ["webhook-signature"] = receipt.Signature,
            },
            body = receipt.Body,
        }));
        process.StandardInput.Close();
        var output = await process.StandardOutput.ReadToEndAsync();
        var errors = await process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, (output + errors).Trim());
    }
}
