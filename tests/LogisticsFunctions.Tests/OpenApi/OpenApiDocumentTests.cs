using System.Net;
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
    public async Task TheAppServesTheDocument()
    {
        await using var app = WeChatTestServices.Create(new Uri("http://127.0.0.1:9/"), "wx0123456789abcdef", "local-secret");
        var function = new LogisticsFunctions.Functions.OpenApiDocument();
        var context = new TestFunctionContext(app.Services);

        var response = (TestHttpResponseData)await function.RunAsync(new TestHttpRequestData(context, [], "GET"), context);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(OpenApiDocumentWriter.Write(), ((MemoryStream)response.Body).ToArray());
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
