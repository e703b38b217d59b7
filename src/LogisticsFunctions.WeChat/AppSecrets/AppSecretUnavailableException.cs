namespace LogisticsFunctions.WeChat.AppSecrets;

/// <summary>
/// The AppSecret could not be read. The message names the problem and the secret, never the vault's
/// internals or the value; <see cref="IsTransient"/> says whether waiting may help (throttling, outage)
/// or an operator must act (access denied, secret missing).
/// </summary>
public sealed class AppSecretUnavailableException : Exception
{
    public AppSecretUnavailableException(string message, bool isTransient, Exception? innerException = null)
        : base(message, innerException) => IsTransient = isTransient;

    public AppSecretUnavailableException()
        : this("The app secret could not be read.", isTransient: true)
    {
    }

    public AppSecretUnavailableException(string message)
        : this(message, isTransient: true)
    {
    }

    public AppSecretUnavailableException(string message, Exception innerException)
        : this(message, isTransient: true, innerException)
    {
    }

    public bool IsTransient { get; }
}
