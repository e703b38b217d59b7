namespace LogisticsFunctions.Webhooks;

/// <summary>An invocation of the relay failed; its message names only the failure's type, never a value.</summary>
public sealed class WebhookRelayException : Exception
{
    public WebhookRelayException(string failureType)
        : base($"The relay could not hand the delivery on ({failureType}); the host will deliver the message again.")
    {
    }

    public WebhookRelayException()
    {
    }

    public WebhookRelayException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
