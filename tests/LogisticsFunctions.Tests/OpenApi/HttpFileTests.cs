using System.Text;
using System.Text.RegularExpressions;
using LogisticsFunctions.CloudCall;
using LogisticsFunctions.CloudCall.Methods;

namespace LogisticsFunctions.Tests.OpenApi;

/// <summary>The .http file next to the app has a request for every method, and every body in it is one the method takes.</summary>
public sealed partial class HttpFileTests
{
    [Fact]
    public void EveryMethodHasARequestWhoseBodyItsDeclarationAccepts()
    {
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (!File.Exists(Path.Combine(root.FullName, "LogisticsFunctions.sln")))
        {
            root = root.Parent!;
        }

        var text = File.ReadAllText(Path.Combine(root.FullName, "src", "LogisticsFunctions", "LogisticsFunctions.http"));
        var requests = Request().Matches(text).Select(m => (Name: m.Groups["name"].Value, Body: m.Groups["body"].Value)).ToList();

        Assert.Equal(LogisticsMethods.All.Select(m => m.Name).Order(), requests.Select(r => r.Name).Distinct().Order());
        foreach (var (name, body) in requests)
        {
            var method = LogisticsMethods.All.Single(m => m.Name == name);
            // A value taken from an earlier answer ({{addOrder.response.body.$.waybillId}}) stands in as a plain id.
            var filled = Variable().Replace(body, "W1234567890");
            var accepted = CloudCallRequestReader.TryRead(method, Encoding.UTF8.GetBytes(filled), out _, out var error);
            Assert.True(accepted, $"{name}: {error?.Reason}");
        }
    }

    [GeneratedRegex(@"^POST \{\{host\}\}/api/logistics/(?<name>\w+)\r?\n(?:[^\r\n]+\r?\n)*\r?\n(?<body>(?:(?!###)[\s\S])*)", RegexOptions.Multiline)]
    private static partial Regex Request();

    [GeneratedRegex(@"\{\{[^}]+\}\}")]
    private static partial Regex Variable();
}
