namespace LogisticsFunctions.WeChat.AppSecrets;

/// <summary>Supplies the mini-program's AppSecret, which only the stable_token call needs.</summary>
public interface IAppSecretProvider
{
    /// <summary>The current AppSecret, cached after the first read.</summary>
    ValueTask<string> GetAsync(CancellationToken cancellationToken);

    /// <summary>
    /// WeChat refused <paramref name="rejected"/> (40125): read the secret again from its source and
    /// return what it holds now. Returns <paramref name="rejected"/> itself when the source still has it.
    /// </summary>
    ValueTask<string> RefreshAsync(string rejected, CancellationToken cancellationToken);
}
