using LogisticsFunctions.WeChat.Push;

namespace LogisticsFunctions.Push;

/// <summary>The message-push Token and EncodingAESKey(s): from Key Vault on Azure, from settings locally.</summary>
public interface IPushSecrets
{
    /// <summary>The current credentials, cached after the first read.</summary>
    ValueTask<PushCredentials> GetAsync(CancellationToken cancellationToken);

    /// <summary>
    /// A push failed with <paramref name="used"/> (signature or key): they may have been rotated at the source.
    /// Returns newer credentials when the source holds different ones, else null. A source is re-read at most
    /// once per <see cref="KeyVaultPushSecrets.RefreshInterval"/> per instance, so failed pushes sent by
    /// anyone cannot make the app hammer the vault.
    /// </summary>
    ValueTask<PushCredentials?> RefreshAsync(PushCredentials used, CancellationToken cancellationToken);
}
