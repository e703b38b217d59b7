using LogisticsFunctions.WeChat.AccessTokens;

namespace LogisticsFunctions.Tests.AccessTokens;

/// <summary>What the provider remembers about refused values stays small, and forgets what no longer matters.</summary>
public sealed class RefusalBookkeepingTests : IAsyncLifetime
{
    private ScriptedTokenApp _app = null!;

    private AccessTokenProvider Tokens => _app.Tokens;

    public async Task InitializeAsync() => _app = await ScriptedTokenApp.StartAsync();

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task ValuesOnceRefusedAndHandedBackAreForgottenOnceTheyNoLongerMatter()
    {
        for (var i = 0; i < 40; i++)
        {
            // A glitch makes the value pointless to fetch for; WeChat then replaces it, and the refresh ahead of its
            // expiry picks up the new one. Nobody asks about the old value again.
            var refused = await Tokens.GetAsync(CancellationToken.None);
            _app.WeChat.Refuse(refused.Value);
            Assert.Null(await Tokens.RenewAfterRefusalAsync(refused, 40001, CancellationToken.None));
            _app.WeChat.KnockOut();
            var handedBack = await Tokens.GetAsync(CancellationToken.None);
            Assert.Equal(refused.Value, handedBack.Value);
            _app.Time.Advance(handedBack.ExpiresAt - AccessToken.RefreshAhead - _app.Time.GetUtcNow() + TimeSpan.FromSeconds(1));
            Assert.Same(handedBack, await Tokens.GetAsync(CancellationToken.None));
            await _app.WaitUntilNoFetchIsRunningAsync();
            Assert.NotEqual(refused.Value, (await Tokens.GetAsync(CancellationToken.None)).Value);
        }

        Assert.Equal(1 + (40 * 2), _app.WeChat.StableTokenCalls);
        Assert.Equal(0, Tokens.RememberedValueCount);
    }

    [Fact]
    public async Task RefusalsOfManyValuesAtOnceAreRememberedUpToTheBound()
    {
        // Nothing cached and the first fetch held: every refusal joins it and none is answered yet.
        var fetch = _app.WeChat.HoldNextStableToken();
        var first = Tokens.GetAsync(CancellationToken.None);
        await fetch.Arrived;
        var refusals = Enumerable.Range(0, 100)
            .Select(i => Tokens.RenewAfterRefusalAsync(new AccessToken($"stray-{i}", _app.Time.GetUtcNow(), _app.Time.GetUtcNow().AddHours(2)), 40001, CancellationToken.None).AsTask())
            .ToList();

        Assert.InRange(Tokens.RememberedValueCount, 1, AccessTokenProvider.MaxRememberedValues);

        fetch.Release();
        var token = await first;
        Assert.All(await Task.WhenAll(refusals), renewed => Assert.Equal(token.Value, renewed?.Value));
        Assert.Equal(1, _app.WeChat.StableTokenCalls);
    }
}
