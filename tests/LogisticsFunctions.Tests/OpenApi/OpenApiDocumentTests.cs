using System.Net;
using System.Text.Json;
using LogisticsFunctions.CloudCall.Methods;
using LogisticsFunctions.OpenApi;
using LogisticsFunctions.Tests.Support;
using Microsoft.OpenApi;
using Microsoft.OpenApi.Reader;

namespace LogisticsFunctions.Tests.OpenApi;

/// <summary>
/// The OpenAPI document comes from the method declarations, is valid OpenAPI 3.1 as client generators
/// read it, and the copy committed in docs/openapi.json is exactly what the app serves. After changing a
/// declaration, regenerate the copy: <c>LOGISTICSFUNCTIONS_UPDATE_OPENAPI=1 dotnet test --filter OpenApiDocumentTests</c>.
/// </summary>
public sealed class OpenApiDocumentTests
{
    private const string UpdateVariable = "LOGISTICSFUNCTIONS_UPDATE_OPENAPI";

    [Fact]
    public async Task TheCommittedDocumentIsTheOneTheDeclarationsProduce()
    {
        var path = Path.Combine(RepositoryRoot(), "docs", "openapi.json");
        var generated = OpenApiDocumentWriter.Write();
        if (Environment.GetEnvironmentVariable(UpdateVariable) == "1")
        {
            await File.WriteAllBytesAsync(path, generated);
        }

        Assert.True(File.Exists(path), $"docs/openapi.json is missing: run the tests with {UpdateVariable}=1 to write it");
        var committed = await File.ReadAllBytesAsync(path);
        Assert.True(
            generated.SequenceEqual(committed),
            $"docs/openapi.json differs from the declarations: run the tests with {UpdateVariable}=1 and commit the result");
    }

    [Fact]
    public async Task TheDocumentIsValidOpenApi31WithEveryMethodItsSchemasAndTheKeyScheme()
    {
        using var stream = new MemoryStream(OpenApiDocumentWriter.Write());

        var result = await OpenApiDocument.LoadAsync(stream, "json");
        var document = result.Document!;

        Assert.Equal(OpenApiSpecVersion.OpenApi3_1, result.Diagnostic!.SpecificationVersion);
        Assert.Empty(result.Diagnostic.Errors);
        Assert.Empty(document.Validate(ValidationRuleSet.GetDefaultRuleSet())!);
        Assert.Equal(LogisticsMethods.All.Select(m => $"/api/logistics/{m.Name}").Order(), document.Paths.Keys.Order());
        foreach (var method in LogisticsMethods.All)
        {
            var operation = document.Paths[$"/api/logistics/{method.Name}"].Operations![HttpMethod.Post];
            Assert.Equal(method.Name, operation.OperationId);
            var parameters = operation.RequestBody!.Content!["application/json"].Schema!.Properties?.Keys ?? [];
            Assert.Equal(method.Request.Properties.Select(p => p.CloudName).Order(), parameters.Order());
            var ok = operation.Responses!["200"].Content!["application/json"].Schema!;
            Assert.Contains("errMsg", ok.Properties!.Keys);
            Assert.Contains("errCode", ok.Properties.Keys);
            Assert.Contains("502", operation.Responses.Keys);
        }

        Assert.Equal(["functionKey", "functionKeyQuery"], document.Components!.SecuritySchemes!.Keys.Order());
        Assert.Equal("x-functions-key", document.Components.SecuritySchemes["functionKey"].Name);
    }

    [Fact]
    public void EveryIntegerSaysItsWidthAndPast32BitsOrAsAUnixTimeItIsInt64()
    {
        using var document = JsonDocument.Parse(OpenApiDocumentWriter.Write());
        var integers = Schemas(document.RootElement, "#").Where(s => s.Schema.TryGetProperty("type", out var type) && type.GetString() == "integer").ToList();

        Assert.NotEmpty(integers);
        Assert.All(integers, integer =>
        {
            var format = integer.Schema.TryGetProperty("format", out var value) ? value.GetString() : null;
            var min = integer.Schema.TryGetProperty("minimum", out var low) ? low.GetInt64() : long.MinValue;
            var max = integer.Schema.TryGetProperty("maximum", out var high) ? high.GetInt64() : long.MaxValue;
            var unixTime = integer.Schema.TryGetProperty("description", out var description) && description.GetString()!.StartsWith("Unix time", StringComparison.Ordinal);
            // errCode (WeChat's and the platform's codes) and Retry-After are 32-bit by nature, and declared so.
            var declared32 = integer.Pointer.EndsWith("/errCode", StringComparison.Ordinal) || integer.Pointer.Contains("/headers/", StringComparison.Ordinal);
            var expected = declared32 || (!unixTime && min >= int.MinValue && max <= int.MaxValue) ? "int32" : "int64";
            Assert.True(format == expected, $"{integer.Pointer}: format {format ?? "(none)"}, expected {expected}");
        });
        Assert.Contains(integers, i => i.Pointer.EndsWith("/quotaNum", StringComparison.Ordinal) && i.Schema.GetProperty("format").GetString() == "int64");
        Assert.Contains(integers, i => i.Pointer.EndsWith("/actionTime", StringComparison.Ordinal) && i.Schema.GetProperty("format").GetString() == "int64");
    }

    [Fact]
    public void AnswersCarryNoLimitsThatARealAnswerCouldBreak()
    {
        using var document = JsonDocument.Parse(OpenApiDocumentWriter.Write());
        var answers = document.RootElement.GetProperty("paths").EnumerateObject()
            .SelectMany(path => Schemas(path.Value.GetProperty("post").GetProperty("responses").GetProperty("200"), $"{path.Name}/200"))
            .ToList();

        Assert.Contains(answers, a => a.Pointer.EndsWith("/printHtml", StringComparison.Ordinal));
        Assert.All(answers, answer => Assert.False(
            answer.Schema.TryGetProperty("maxLength", out _) || answer.Schema.TryGetProperty("minLength", out _) || answer.Schema.TryGetProperty("maxItems", out _)
                || answer.Schema.TryGetProperty("minimum", out _) || answer.Schema.TryGetProperty("maximum", out _),
            $"{answer.Pointer} carries a limit"));
    }

    [Fact]
    public async Task EveryWriteAndNoReadAnswers424WithoutRetryAfterAndSaysWhatToDoNext()
    {
        using var stream = new MemoryStream(OpenApiDocumentWriter.Write());
        var document = (await OpenApiDocument.LoadAsync(stream, "json")).Document!;

        foreach (var method in LogisticsMethods.All)
        {
            var responses = document.Paths[$"/api/logistics/{method.Name}"].Operations![HttpMethod.Post].Responses!;
            Assert.Equal(method.Api.IsWrite, responses.ContainsKey("424"));
            if (method.Api.IsWrite)
            {
                Assert.Empty(responses["424"].Headers ?? new Dictionary<string, IOpenApiHeader>());
                Assert.Contains(method.WhenOutcomeUnknown!, responses["424"].Description, StringComparison.Ordinal);
                Assert.Contains("-604102", responses["424"].Description, StringComparison.Ordinal);
            }

            Assert.Contains("Retry-After", responses["503"].Headers!.Keys);
            Assert.Contains("Retry-After", responses["429"].Headers!.Keys);
        }
    }

    [Fact]
    public async Task TheAppServesTheDocument()
    {
        await using var app = WeChatTestServices.Create(new Uri("http://127.0.0.1:9/"), "wx0123456789abcdef", "local-secret");
        var function = new LogisticsFunctions.Functions.OpenApiDocument();
        var context = new TestFunctionContext(app.Services);

        var response = (TestHttpResponseData)await function.RunAsync(new TestHttpRequestData(context, [], "GET"), context);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(OpenApiDocumentWriter.Write(), ((MemoryStream)response.Body).ToArray());
    }

    // Every schema under element, with a pointer-like path of property names for messages.
    private static IEnumerable<(string Pointer, JsonElement Schema)> Schemas(JsonElement element, string pointer)
    {
        if (element.ValueKind == JsonValueKind.Object)
        {
            if (element.TryGetProperty("type", out var type) && type.ValueKind == JsonValueKind.String)
            {
                yield return (pointer, element);
            }

            foreach (var member in element.EnumerateObject())
            {
                foreach (var inner in Schemas(member.Value, $"{pointer}/{member.Name}"))
                {
                    yield return inner;
                }
            }
        }
        else if (element.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in element.EnumerateArray())
            {
                foreach (var inner in Schemas(item, pointer))
                {
                    yield return inner;
                }
            }
        }
    }

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "LogisticsFunctions.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No LogisticsFunctions.sln above {AppContext.BaseDirectory}");
    }
}
