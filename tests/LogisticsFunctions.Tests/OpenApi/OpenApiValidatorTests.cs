using System.Diagnostics;
using System.Text;
using LogisticsFunctions.OpenApi;

namespace LogisticsFunctions.Tests.OpenApi;

/// <summary>
/// The OpenAPI document passes the two validators client authors reach for: swagger-parser (through swagger-cli)
/// and Redocly's recommended rules, warnings included. Both are pinned in tools/openapi and installed by
/// <c>npm ci --prefix tools/openapi</c>; without them the tests fail saying so, never skip.
/// </summary>
public sealed class OpenApiValidatorTests : IDisposable
{
    private static readonly TimeSpan ToolTimeout = TimeSpan.FromMinutes(2);

    private readonly string _document = Path.Combine(Directory.CreateTempSubdirectory("openapi-").FullName, "openapi.json");

    public OpenApiValidatorTests() => File.WriteAllBytes(_document, OpenApiDocumentWriter.Write());

    public void Dispose() => Directory.Delete(Path.GetDirectoryName(_document)!, recursive: true);

    [Fact]
    public async Task SwaggerParserFindsTheDocumentValid()
    {
        var (exitCode, output) = await RunAsync("swagger-cli", "validate", _document);

        Assert.True(exitCode == 0, output);
        Assert.Contains($"{_document} is valid", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RedoclyFindsNeitherAnErrorNorAWarning()
    {
        var config = Path.Combine(Tools(), "redocly.yaml");

        var (exitCode, output) = await RunAsync("redocly", "lint", "--config", config, _document);

        Assert.True(exitCode == 0, output);
        Assert.Contains("Your API description is valid", output, StringComparison.Ordinal);
        // Its summary counts the rules' warnings ("You have 2 warnings."); a notice about Node.js is not one of them.
        Assert.DoesNotMatch(@"You have \d+ warnings?", output);
    }

    private static async Task<(int ExitCode, string Output)> RunAsync(string tool, params string[] arguments)
    {
        var executable = Path.Combine(Tools(), "node_modules", ".bin", tool);
        if (!File.Exists(executable))
        {
            throw new InvalidOperationException(
                $"{tool} is not installed ({executable} is missing): run 'npm ci --prefix tools/openapi' in the repository root (needs Node.js and npm).");
        }

        var startInfo = new ProcessStartInfo(executable)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            WorkingDirectory = Tools(),
        };
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        // Nothing may leave the machine: Redocly sends usage data and looks for a newer version unless told not to.
        startInfo.Environment["REDOCLY_TELEMETRY"] = "off";
        startInfo.Environment["REDOCLY_SUPPRESS_UPDATE_NOTICE"] = "true";
        startInfo.Environment["NO_COLOR"] = "1";
        using var process = new Process { StartInfo = startInfo };
        var output = new StringBuilder();
        process.OutputDataReceived += (_, e) => Append(output, e.Data);
        process.ErrorDataReceived += (_, e) => Append(output, e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        process.StandardInput.Close();
        using var timeout = new CancellationTokenSource(ToolTimeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{tool} did not finish within {ToolTimeout}: {Text(output)}");
        }

        return (process.ExitCode, Text(output));
    }

    private static void Append(StringBuilder output, string? line)
    {
        if (line is not null)
        {
            lock (output)
            {
                output.AppendLine(line);
            }
        }
    }

    private static string Text(StringBuilder output)
    {
        lock (output)
        {
            return output.ToString();
        }
    }

    private static string Tools()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "LogisticsFunctions.sln")))
            {
                return Path.Combine(directory.FullName, "tools", "openapi");
            }
        }

        throw new InvalidOperationException($"No LogisticsFunctions.sln above {AppContext.BaseDirectory}");
    }
}
