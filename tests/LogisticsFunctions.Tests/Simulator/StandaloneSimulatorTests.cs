using System.Diagnostics;
using System.Text;

namespace LogisticsFunctions.Tests.Simulator;

/// <summary>
/// The simulator as <c>dotnet run</c> starts it: its command line and what it prints, from the WeChatSimulator.dll the
/// build puts next to the tests.
/// </summary>
public sealed class StandaloneSimulatorTests
{
    [Fact]
    public async Task It_prints_the_app_credentials_and_the_default_push_settings_at_start()
    {
        var output = await RunUntilReadyAsync("--urls", "http://127.0.0.1:0");

        Assert.Contains("  appid:  wx0123456789abcdef", output, StringComparison.Ordinal);
        Assert.Contains("  push:   safe XML to http://127.0.0.1:7071/api/logistics/push on testUpdateOrder", output, StringComparison.Ordinal);
        Assert.Contains("    Token:          simulator-push-token", output, StringComparison.Ordinal);
        Assert.Contains("    EncodingAESKey: TG9naXN0aWNzRnVuY3Rpb25zLXNpbXVsYXRvci1rZXk", output, StringComparison.Ordinal);
        Assert.Contains("    AppId:          wx0123456789abcdef", output, StringComparison.Ordinal);
        Assert.Contains("    ToUserName:     gh_0123456789ab", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Push_options_on_the_command_line_replace_the_defaults_and_push_off_turns_pushing_off()
    {
        var custom = await RunUntilReadyAsync(
            "--urls", "http://127.0.0.1:0", "--push-url", "http://127.0.0.1:9/hook", "--push-mode", "compatible",
            "--push-format", "json", "--push-token", "t0ken", "--push-to-user", "gh_fedcba987654");
        var off = await RunUntilReadyAsync("--urls", "http://127.0.0.1:0", "--push", "off");

        Assert.Contains("  push:   compatible JSON to http://127.0.0.1:9/hook on testUpdateOrder", custom, StringComparison.Ordinal);
        Assert.Contains("    Token:          t0ken", custom, StringComparison.Ordinal);
        Assert.Contains("    ToUserName:     gh_fedcba987654", custom, StringComparison.Ordinal);
        Assert.Contains("  push:   off", off, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--push-mode", "loud", "--push-mode must be one of plain, compatible, safe.")]
    [InlineData("--push-format", "yaml", "--push-format must be one of xml, json.")]
    [InlineData("--push-aes-key", "short", "The EncodingAESKey must be 43 characters long.")]
    [InlineData("--push", "maybe", "--push must be on or off.")]
    public async Task A_push_option_that_cannot_work_stops_it_with_exit_code_2_and_says_why(string option, string value, string message)
    {
        using var process = Start("--urls", "http://127.0.0.1:0", option, value);
        var errors = process.StandardError.ReadToEndAsync();

        Assert.True(process.WaitForExit(TimeSpan.FromSeconds(60)), "the simulator did not stop");
        Assert.Equal(2, process.ExitCode);
        Assert.StartsWith(message, await errors, StringComparison.Ordinal);
    }

    private static async Task<string> RunUntilReadyAsync(params string[] arguments)
    {
        using var process = Start(arguments);
        var output = new StringBuilder();
        try
        {
            using var giveUp = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            while (await process.StandardOutput.ReadLineAsync(giveUp.Token) is { } line)
            {
                output.AppendLine(line);
                if (line.StartsWith("Press Ctrl+C", StringComparison.Ordinal))
                {
                    return output.ToString();
                }
            }

            throw new InvalidOperationException($"the simulator stopped before it was ready:\n{output}");
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
    }

    private static Process Start(params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "WeChatSimulator.dll"));
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        return Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start");
    }
}
