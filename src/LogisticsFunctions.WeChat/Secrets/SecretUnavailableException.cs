namespace LogisticsFunctions.WeChat.Secrets;

/// <summary>
/// A secret could not be read. The message names the problem and the secret, never the vault's
/// internals or the value; <see cref="IsTransient"/> says whether waiting may help (throttling, outage)
/// or an operator must act (access denied, secret missing).
/// </summary>
public sealed class SecretUnavailableException : Exception
{
    public SecretUnavailableException(string message, bool isTransient, Exception? innerException = null)
        : base(message, innerException) => IsTransient = isTransient;

    public SecretUnavailableException()
        : this("The secret could not be read.", isTransient: true)
    {
    }

    public SecretUnavailableException(string message)
        : this(message, isTransient: true)
    {
    }

    public SecretUnavailableException(string message, Exception innerException)
        : this(message, isTransient: true, innerException)
    {
    }

    public bool IsTransient { get; }
}
