using LogisticsFunctions.WeChat.Push;

namespace LogisticsFunctions.Push;

/// <summary>The message-push Token and EncodingAESKey(s): from Key Vault on Azure, from settings locally.</summary>
public interface IPushSecrets
{
    /// <summary>The current credentials, cached after the first read.</summary>
    ValueTask<PushCredentials> GetAsync(CancellationToken cancellationToken);

    /// <summary>
    /// A request's signature matched none of <paramref name="used"/>'s Tokens: the Token may have been rotated
    /// at the source. Waits for a read of the Token that starts after this call and returns the credentials
    /// when they changed, else null. Reads are paced per instance, so refused requests sent by anyone cannot
    /// make the app hammer the vault.
    /// </summary>
    ValueTask<PushCredentials?> RefreshTokenAsync(PushCredentials used, CancellationToken cancellationToken);

    /// <summary>
    /// A push signed with a valid Token did not decrypt with <paramref name="used"/>'s keys: the EncodingAESKey
    /// may have been rotated. As <see cref="RefreshTokenAsync"/>, for the keys.
    /// </summary>
    ValueTask<PushCredentials?> RefreshKeysAsync(PushCredentials used, CancellationToken cancellationToken);
}
