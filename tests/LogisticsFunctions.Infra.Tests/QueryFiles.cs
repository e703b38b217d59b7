namespace LogisticsFunctions.Infra.Tests;

/// <summary>
/// The KQL files of infra/queries, which the workbook and the alert rules load as they are. The worker tests link
/// this file (with KustoLanguageService.cs and Repository.cs) to hold the queries to what the worker emits.
/// </summary>
internal static class QueryFiles
{
    private static readonly Lazy<IReadOnlyDictionary<string, string>> Files = new(Read);
    private static readonly Lazy<IReadOnlyDictionary<string, KqlAnalysis>> Analyses = new(() =>
        KustoLanguageService.Analyse(All.Select(file => new KqlQuery(file.Key, file.Value)).ToList()).ToDictionary(analysis => analysis.Id, StringComparer.Ordinal));

    public static string Directory => Path.Combine(Repository.Root, "infra", "queries");

    /// <summary>File name (e.g. <c>pushes.kql</c>) to text.</summary>
    public static IReadOnlyDictionary<string, string> All => Files.Value;

    /// <summary>What the Kusto language service says about each file, from one run for all of them.</summary>
    public static KqlAnalysis AnalysisOf(string file) => Analyses.Value[file];

    /// <summary>The file whose text the template holds; fails the test when none does.</summary>
    public static string FileHolding(string query, string where)
    {
        var file = All.SingleOrDefault(entry => entry.Value == query).Key;
        Assert.True(file is not null, $"{where} holds a query that is not one of the files in infra/queries (so no test bound it):\n{query}");
        return file!;
    }

    public static TheoryData<string> Names => new(All.Keys.Order(StringComparer.Ordinal));

    private static Dictionary<string, string> Read()
    {
        var files = System.IO.Directory.GetFiles(Directory, "*.kql");
        Assert.NotEmpty(files);
        return files.ToDictionary(file => Path.GetFileName(file), File.ReadAllText, StringComparer.Ordinal);
    }
}
