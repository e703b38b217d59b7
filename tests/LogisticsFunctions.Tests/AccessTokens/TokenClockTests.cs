using System.Net;
using LogisticsFunctions.Tests.Seed;
using LogisticsFunctions.WeChat.AccessTokens;
using LogisticsFunctions.WeChat.Configuration;
using LogisticsFunctions.WeChat.Http;

namespace LogisticsFunctions.Tests.AccessTokens;

/// <summary>
/// The provider's intervals run on the monotonic clock, so stepping the wall clock stretches none of them; and
/// when refusals have spent the fetches they may trigger, the operator gets one warning per interval, with a count.
/// </summary>
public sealed class TokenClockTests
{
    private static readonly TimeSpan MinInterval = new WeChatOptions().TokenRefreshMinInterval;

    [Fact]
    public async Task AWallClockSteppedBackDoesNotStretchTheCoolDownOfAFailedFetch()
    {
        SteppableClock clock = null!;
        await using var app = await ScriptedTokenApp.StartAsync(time => clock = new SteppableClock(time));
        app.WeChat.FailNextStableToken(40164, "invalid ip 127.0.0.1, not in whitelist rid: 1");
        await Assert.ThrowsAsync<WeChatException>(() => app.Tokens.GetAsync(CancellationToken.None).AsTask());

        clock.StepWallClock(TimeSpan.FromHours(-1));
        app.Time.Advance(AccessTokenProvider.FailedFetchCooldown);

        await app.Tokens.GetAsync(CancellationToken.None);
        Assert.Equal(2, app.WeChat.StableTokenCalls);
    }

    [Fact]
    public async Task AWallClockSteppedBackDoesNotStretchTheWindowInWhichAValueHandedBackIsNotFetchedFor()
    {
        SteppableClock clock = null!;
        await using var app = await ScriptedTokenApp.StartAsync(time => clock = new SteppableClock(time));
        var value = await app.Tokens.GetAsync(CancellationToken.None);
        app.WeChat.Refuse(value.Value);
        Assert.Null(await app.Tokens.RenewAfterRefusalAsync(value, 40001, CancellationToken.None));

        clock.StepWallClock(TimeSpan.FromHours(-1));
        app.Time.Advance(MinInterval);
        app.WeChat.KnockOut();

        var renewed = await app.Tokens.RenewAfterRefusalAsync(value, 40001, CancellationToken.None);
        Assert.NotNull(renewed);
        Assert.Equal(app.WeChat.Current, renewed.Value);
        Assert.Equal(3, app.WeChat.StableTokenCalls);
    }

    [Fact]
    public async Task AWallClockSteppedForwardDoesNotExpireTheCachedToken()
    {
        SteppableClock clock = null!;
        await using var app = await ScriptedTokenApp.StartAsync(time => clock = new SteppableClock(time));
        var token = await app.Tokens.GetAsync(CancellationToken.None);

        clock.StepWallClock(TimeSpan.FromHours(3));
        app.Time.Advance(TimeSpan.FromMinutes(1));

        Assert.Same(token, await app.Tokens.GetAsync(CancellationToken.None));
        Assert.Equal(1, app.WeChat.StableTokenCalls);
    }

    [Fact]
    public async Task OnceRefusalsHaveSpentTheirFetchesOneWarningPerIntervalSaysHowManyRequestsWereTurnedAway()
    {
        await using var app = await ScriptedTokenApp.StartAsync();
        await app.Tokens.GetAsync(CancellationToken.None);

        // Something force-refreshes the token before each request: each refusal brings a new, good token until the
        // refusal-triggered fetches are spent.
        for (var i = 0; i < AccessTokenProvider.RefusalFetchBurst; i++)
        {
            app.WeChat.KnockOut();
            Assert.Equal(HttpStatusCode.OK, (await app.Services.InvokeGetPathAsync(SeedExample.Request)).StatusCode);
        }

        app.WeChat.KnockOut();
        for (var i = 0; i < 50; i++)
        {
            var response = await app.Services.InvokeGetPathAsync(SeedExample.Request);
            Assert.Equal((HttpStatusCode.BadGateway, 40001), (response.StatusCode, (int?)response.Json["errCode"]));
        }

        Assert.Single(app.ProviderWarnings("WeChat keeps refusing"));

        // An interval later one fetch is allowed again; its token is knocked out too.
        app.Time.Advance(MinInterval);
        Assert.Equal(HttpStatusCode.OK, (await app.Services.InvokeGetPathAsync(SeedExample.Request)).StatusCode);
        app.WeChat.KnockOut();
        Assert.Equal(HttpStatusCode.BadGateway, (await app.Services.InvokeGetPathAsync(SeedExample.Request)).StatusCode);

        var warnings = app.ProviderWarnings("WeChat keeps refusing");
        Assert.Equal(2, warnings.Count);
        Assert.Contains("49 requests refused without a fetch since the last warning", warnings[1], StringComparison.Ordinal);
        Assert.Equal(1 + AccessTokenProvider.RefusalFetchBurst + 1, app.WeChat.StableTokenCalls);
    }
}
