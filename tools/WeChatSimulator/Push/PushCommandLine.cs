namespace LogisticsFunctions.WeChatSimulator.Push;

/// <summary>
/// The standalone simulator's push settings from its command line: <c>--push off</c> turns pushing off; <c>--push-url</c>,
/// <c>--push-token</c>, <c>--push-aes-key</c>, <c>--push-appid</c>, <c>--push-to-user</c>, <c>--push-mode</c>
/// (plain, compatible, safe) and <c>--push-format</c> (xml, json) override the defaults of <see cref="PushOptions"/>.
/// </summary>
internal static class PushCommandLine
{
    internal const string Usage =
        "--push on|off  --push-url URL  --push-token TOKEN  --push-aes-key KEY43  --push-appid APPID  " +
        "--push-to-user gh_ID  --push-mode plain|compatible|safe  --push-format xml|json";

    /// <summary>The settings, null when pushing is off; an <see cref="ArgumentException"/> names a value that cannot work.</summary>
    internal static PushOptions? Read(IConfiguration arguments)
    {
        var defaults = new PushOptions();
        switch (arguments["push"]?.ToUpperInvariant())
        {
            case null or "ON":
                break;
            case "OFF":
                return null;
            default:
                throw new ArgumentException("--push must be on or off.");
        }

        var options = new PushOptions
        {
            TargetUrl = arguments["push-url"] is { } url
                ? Uri.TryCreate(url, UriKind.Absolute, out var uri) ? uri : throw new ArgumentException($"--push-url '{url}' is not an absolute URL.")
                : defaults.TargetUrl,
            Token = arguments["push-token"] ?? defaults.Token,
            EncodingAesKey = arguments["push-aes-key"] ?? defaults.EncodingAesKey,
            AppId = arguments["push-appid"] ?? defaults.AppId,
            ToUserName = arguments["push-to-user"] ?? defaults.ToUserName,
            Mode = Parse(arguments["push-mode"], defaults.Mode, "--push-mode"),
            Format = Parse(arguments["push-format"], defaults.Format, "--push-format"),
        };
        options.Validate();
        return options;
    }

    private static TEnum Parse<TEnum>(string? value, TEnum fallback, string name)
        where TEnum : struct, Enum =>
        value is null ? fallback
        : Enum.TryParse<TEnum>(value, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed) && !value.Any(char.IsAsciiDigit) ? parsed
        : throw new ArgumentException($"{name} must be one of {string.Join(", ", Enum.GetNames<TEnum>()).ToLowerInvariant()}.");
}
