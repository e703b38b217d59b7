namespace LogisticsFunctions.Push;

/// <summary>
/// The app was deployed without push settings, which is allowed when it takes no pushes: the push endpoint
/// then answers 500 with this message, which names the settings to set (never a value).
/// </summary>
public sealed class PushNotConfiguredException : Exception
{
    public PushNotConfiguredException()
        : base("the push receiver is not configured: set WeChat__PushToken (and WeChat__PushEncodingAesKey unless WeChat__PushMode is plain), or KeyVault__VaultUri to read them from Key Vault")
    {
    }

    public PushNotConfiguredException(string message)
        : base(message)
    {
    }

    public PushNotConfiguredException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
