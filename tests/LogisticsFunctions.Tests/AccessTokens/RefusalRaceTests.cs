using LogisticsFunctions.WeChat.AccessTokens;

namespace LogisticsFunctions.Tests.AccessTokens;

/// <summary>
/// A refusal that arrives while a fetch is already under way: that fetch may hand back the very value just refused,
/// which proves nothing and must never be published. The shared fetch asks again, and everyone gets that answer.
/// </summary>
public sealed class RefusalRaceTests : IAsyncLifetime
{
    private ScriptedTokenApp _app = null!;

    private AccessTokenProvider Tokens => _app.Tokens;

    public async Task InitializeAsync() => _app = await ScriptedTokenApp.StartAsync();

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task ARequestThatStartsAfterARefusalIsNotHandedTheRefusedValueByAFetchBegunBeforeIt()
    {
        var refresh = await StartARefreshThatWillHandBackTheCurrentValueAsync();
        var refused = await Tokens.GetAsync(CancellationToken.None);

        _app.WeChat.KnockOut();
        var refusing = Tokens.RenewAfterRefusalAsync(refused, 40001, CancellationToken.None);
        var later = Tokens.GetAsync(CancellationToken.None);
        refresh.Release();

        var renewed = await refusing;
        var laterToken = await later;
        Assert.NotNull(renewed);
        Assert.NotEqual(refused.Value, renewed.Value);
        Assert.Equal(renewed.Value, laterToken.Value);
        Assert.Equal(_app.WeChat.Current, laterToken.Value);
        // The first fetch, the refresh that came back with the refused value, and the one asked after the refusal.
        Assert.Equal(3, _app.WeChat.StableTokenCalls);
    }

    [Fact]
    public async Task WhenTheRefusingCallerGivesUpWhileWaitingTheRefusedValueIsStillNotLeftCurrent()
    {
        var refresh = await StartARefreshThatWillHandBackTheCurrentValueAsync();
        var refused = await Tokens.GetAsync(CancellationToken.None);

        _app.WeChat.KnockOut();
        using var deadline = new CancellationTokenSource();
        var refusing = Tokens.RenewAfterRefusalAsync(refused, 40001, deadline.Token);
        await deadline.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => refusing.AsTask());
        refresh.Release();
        await _app.WaitUntilNoFetchIsRunningAsync();

        var next = await Tokens.GetAsync(CancellationToken.None);
        Assert.NotEqual(refused.Value, next.Value);
        Assert.Equal(_app.WeChat.Current, next.Value);
        Assert.Equal(3, _app.WeChat.StableTokenCalls);
        Assert.Equal(0, (await _app.CallAsync()).ErrCode);
    }

    [Fact]
    public async Task ANewRefusalOfAValueRefusedAndHandedBackLongAgoIsJudgedByItselfNotByTheOldOne()
    {
        var value = await Tokens.GetAsync(CancellationToken.None);
        // A glitch: WeChat refuses the value on a business call, yet stable_token hands it back. That proves fetching
        // pointless, and the refusal is answered with "nothing newer".
        _app.WeChat.Refuse(value.Value);
        Assert.Null(await Tokens.RenewAfterRefusalAsync(value, 40001, CancellationToken.None));
        Assert.Equal(2, _app.WeChat.StableTokenCalls);
        _app.WeChat.Accept(value.Value);

        // Long after, with a refresh of it under way, the same value is knocked out for good.
        var refresh = await StartARefreshThatWillHandBackTheCurrentValueAsync();
        var served = await Tokens.GetAsync(CancellationToken.None);
        Assert.Equal(value.Value, served.Value);
        _app.WeChat.KnockOut();
        var refusing = Tokens.RenewAfterRefusalAsync(served, 40001, CancellationToken.None);
        refresh.Release();

        // The refresh began before this refusal, so its answer proves nothing: the new token is fetched.
        var renewed = await refusing;
        Assert.NotNull(renewed);
        Assert.NotEqual(value.Value, renewed.Value);
        Assert.Equal(4, _app.WeChat.StableTokenCalls);
        Assert.Equal(0, (await _app.CallAsync()).ErrCode);
    }

    // Fetches a token if none is cached, moves the app's clock into its refresh window and lets a request start the
    // background refresh, whose answer (the value WeChat still hands out) is held until the test releases it.
    private async Task<ScriptedWeChat.StableTokenHold> StartARefreshThatWillHandBackTheCurrentValueAsync()
    {
        var current = await Tokens.GetAsync(CancellationToken.None);
        _app.Time.Advance(current.ExpiresAt - AccessToken.RefreshAhead - _app.Time.GetUtcNow() + TimeSpan.FromSeconds(1));
        var refresh = _app.WeChat.HoldNextStableToken();
        Assert.Same(current, await Tokens.GetAsync(CancellationToken.None));
        Assert.Equal(current.Value, await refresh.Arrived);
        return refresh;
    }
}
