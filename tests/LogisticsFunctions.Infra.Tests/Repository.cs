namespace LogisticsFunctions.Infra.Tests;

/// <summary>The repository's root: the folder above the test binaries that holds infra/main.bicep.</summary>
internal static class Repository
{
    private static readonly Lazy<string> RootPath = new(Find);

    public static string Root => RootPath.Value;

    private static string Find()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "infra", "main.bicep")))
            {
                return directory.FullName;
            }
        }

        throw new DirectoryNotFoundException($"No directory above {AppContext.BaseDirectory} holds infra/main.bicep; run the tests from inside the repository.");
    }
}
