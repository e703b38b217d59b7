namespace LogisticsFunctions.Push;

/// <summary>
/// The push Token or key could not be read. The message names the secret and the problem, never a value;
/// <see cref="IsTransient"/> says whether waiting may help (throttling, outage) or an operator must act.
/// </summary>
public sealed class PushSecretsUnavailableException : Exception
{
    public PushSecretsUnavailableException(string message, bool isTransient, Exception? innerException = null)
        : base(message, innerException) => IsTransient = isTransient;

    public PushSecretsUnavailableException()
        : this("The push secrets could not be read.", isTransient: true)
    {
    }

    public PushSecretsUnavailableException(string message)
        : this(message, isTransient: true)
    {
    }

    public PushSecretsUnavailableException(string message, Exception innerException)
        : this(message, isTransient: true, innerException)
    {
    }

    public bool IsTransient { get; }
}
