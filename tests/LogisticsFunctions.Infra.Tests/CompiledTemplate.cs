namespace LogisticsFunctions.Infra.Tests;

/// <summary>
/// The compiled ARM template of <c>infra/main.bicep</c> and its compiled parameters file. Found through
/// <see cref="TemplateVariable"/> or at <c>artifacts/infra/main.json</c>; when missing, every test
/// fails and says how to make it, because a skipped security check is a passed one.
/// </summary>
internal static class CompiledTemplate
{
    public const string TemplateVariable = "LOGISTICSFUNCTIONS_ARM_TEMPLATE";

    private static readonly Lazy<ArmTemplate> MainTemplate = new(() => ArmTemplate.Parse(ReadCompiled(TemplatePath)));
    private static readonly Lazy<JsonElement> ParametersDocument = new(() => ArmTemplate.ParseElement(ReadCompiled(ParametersPath)));

    public static ArmTemplate Main => MainTemplate.Value;

    /// <summary>The <c>parameters</c> object of the compiled <c>infra/main.bicepparam</c>.</summary>
    public static JsonElement Parameters => ParametersDocument.Value.GetProperty("parameters");

    public static string RepositoryRoot => Repository.Root;

    public static string TemplatePath =>
        Environment.GetEnvironmentVariable(TemplateVariable) is { Length: > 0 } path
            ? Path.GetFullPath(path)
            : Path.Combine(RepositoryRoot, "artifacts", "infra", "main.json");

    public static string ParametersPath => Path.Combine(Path.GetDirectoryName(TemplatePath)!, "main.parameters.json");

    private static string ReadCompiled(string path) =>
        File.Exists(path)
            ? File.ReadAllText(path)
            : throw new FileNotFoundException(
                $"The compiled ARM file {path} does not exist. Run `bash tools/bicep/check.sh` from the repository root first: "
                + $"it builds infra/main.bicep and infra/main.bicepparam into artifacts/infra/ (or set {TemplateVariable} to a compiled main.json).",
                path);
}
