using System.Collections.Concurrent;
using System.Globalization;
using LogisticsFunctions.CloudCall.Methods;
using LogisticsFunctions.Tests.Fakes;
using LogisticsFunctions.Tests.Support;
using LogisticsFunctions.WeChat.AccessTokens;
using LogisticsFunctions.WeChat.Api;
using LogisticsFunctions.WeChat.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Xunit.Abstractions;

namespace LogisticsFunctions.Tests.AccessTokens;

/// <summary>
/// The real provider, WeChat client and stable_token client over loopback HTTP, the AppSecret from the loopback Key
/// Vault through the real SecretClient, all with the shipped defaults, under hundreds of concurrent callers while a
/// seeded script makes WeChat misbehave (<see cref="StressDirector"/>) and moves the fake clock. What is asserted is
/// what must hold whatever the interleaving (<see cref="StressInvariants"/>), never a timing. <c>STRESS_SEED</c> replays
/// a run's script; the seed is printed with every run and named in every failure.
/// </summary>
[Collection(KeyVaultCollectionDefinition.Name)]
public sealed class TokenStressTests(KeyVaultTestEnvironment environment, ITestOutputHelper output)
{
    private const int Callers = 240;
    private const int CallsEach = 6;

    [Fact]
    public async Task HundredsOfConcurrentCallersAgainstAMisbehavingWeChatGetEveryPromiseKept()
    {
        var seed = int.TryParse(Environment.GetEnvironmentVariable("STRESS_SEED"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var given)
            ? given
            : Random.Shared.Next();
        output.WriteLine($"STRESS_SEED={seed}");
        await environment.ResetAsync();
        var time = new FakeTimeProvider(ScriptedTokenApp.Start);
        await using var weChat = await ScriptedWeChat.StartAsync(time);
        var secretName = $"wechat-app-secret-{Guid.NewGuid():N}";
        environment.Vault.SetSecret(secretName, weChat.AppSecret);
        var requests = new TokenRequestLog();
        var app = WeChatTestServices.Create(
            weChat.BaseAddress,
            ScriptedWeChat.AppId,
            appSecret: null,
            new Dictionary<string, string?> { ["KeyVault:VaultUri"] = environment.Vault.VaultUri.ToString(), ["WeChat:AppSecretName"] = secretName },
            time,
            services =>
            {
                services.AddSingleton(environment.CreateSecretClientOptions());
                services.AddLogging(logging => logging.AddProvider(requests));
                // Thousands of calls: keep the captured text to what a deployed app logs by default.
                services.Configure<LoggerFilterOptions>(filters => filters.MinLevel = LogLevel.Information);
            });
        var tokens = app.Get<AccessTokenProvider>();
        var callers = new StressCallers(app.Get<WeChatApiClient>(), weChat, time);
        var director = new StressDirector(seed, weChat, environment.Vault, secretName, time, tokens);

        // Once the script is over, time goes on, as it does: a retry's back-off or a caller's deadline on the fake clock
        // ends only when the clock moves. Disposing the app waits for whatever still runs (Polly's registry waits for
        // its executions), so a run that fails midway keeps the clock moving until the app is gone.
        IReadOnlyCollection<AggregateException> unobserved;
        string? afterwards;
        TimeSpan elapsed;
        try
        {
            unobserved = await UnobservedDuringAsync(director.Marker, async () =>
            {
                // As the warm-up service does at start: the secret and the first token, before anything misbehaves.
                await tokens.WarmUpAsync(CancellationToken.None);
                var calling = callers.RunAsync(seed, Callers, CallsEach, director);
                await director.RunAsync();
                using var timeGoesOn = new CancellationTokenSource();
                var clock = KeepTimeGoingAsync(time, timeGoesOn.Token);
                try
                {
                    // Every caller completes: a hang fails the run rather than the whole test session.
                    await calling.WaitAsync(TimeSpan.FromMinutes(1));
                    await WaitUntilNoFetchIsRunningAsync(tokens);
                }
                finally
                {
                    await timeGoesOn.CancelAsync();
                    await clock;
                }
            });

            // Once WeChat behaves again, the app serves again within an interval (the clock stands still meanwhile, so
            // no attempt timeout can cut the call short however slowly a busy machine serves it).
            weChat.KnockOut();
            time.Advance(new WeChatOptions().TokenRefreshMinInterval);
            afterwards = await CallOnceMoreAsync(app).WaitAsync(TimeSpan.FromSeconds(30));
            // Nothing asks for a token any more: what the provider did is complete as of now.
            elapsed = time.GetUtcNow() - ScriptedTokenApp.Start;
        }
        finally
        {
            using var timeGoesOn = new CancellationTokenSource();
            var clock = KeepTimeGoingAsync(time, timeGoesOn.Token);
            await app.DisposeAsync();
            await timeGoesOn.CancelAsync();
            await clock;
        }

        var violations = new Dictionary<string, List<string>>
        {
            ["a value known refused handed out"] = [.. StressInvariants.NoRefusedValueHandedOut(callers.Calls, weChat)],
            ["stable_token requests beyond the budget"] = [.. StressInvariants.RequestsWithinBudget(requests, weChat, elapsed, new WeChatOptions().TokenRefreshMinInterval)],
            ["undocumented, shared, oversized or leaking failures"] = [.. StressInvariants.OnlyDocumentedFailures(callers.Calls, [.. weChat.IssuedTokens, .. director.Secrets])],
            ["failed fetches never observed"] = [.. unobserved.Select(exception => exception.InnerException?.Message ?? exception.Message)],
            ["more refused values remembered than the bound"] =
                director.MostRememberedValues > AccessTokenProvider.MaxRememberedValues ? [$"{director.MostRememberedValues} at once"] : [],
            ["no service once WeChat behaved again"] = afterwards is null ? [] : [afterwards],
        };

        var summary = Summary(callers.Calls, weChat, requests, director, elapsed);
        output.WriteLine(summary);
        var broken = violations.Where(check => check.Value.Count > 0).ToList();
        Assert.True(
            broken.Count == 0,
            $"STRESS_SEED={seed} replays this run's script. Broken: "
            + string.Join("\n", broken.Select(check => $"{check.Key} ({check.Value.Count}), e.g.:\n  {string.Join("\n  ", check.Value.Take(5))}"))
            + $"\n{summary}");
        Assert.Equal(Callers * CallsEach, callers.Calls.Count);
    }

    private static string Summary(IReadOnlyCollection<StressCall> calls, ScriptedWeChat weChat, TokenRequestLog requests, StressDirector director, TimeSpan elapsed)
    {
        var failures = calls.Where(call => call.Failure is not null)
            .GroupBy(call => $"{call.Failure!.GetType().Name}: {call.Failure.Message}")
            .OrderByDescending(group => group.Count())
            .Take(6)
            .Select(group => string.Create(CultureInfo.InvariantCulture, $"{group.Count()} × {group.Key}"));
        return string.Create(
            CultureInfo.InvariantCulture,
            $"{calls.Count} calls: {calls.Count(call => call.ErrCode == 0)} ok, {calls.Count(call => call.ErrCode > 0)} refused, "
            + $"{calls.Count(call => call.Failure is not null and not OperationCanceledException)} failed, {calls.Count(call => call.Failure is OperationCanceledException)} cancelled; "
            + $"{weChat.BusinessCalls} business and {weChat.StableTokenCalls} stable_token calls, {weChat.IssuedTokens.Count} values issued; "
            + $"token requests {requests.Count(nameof(FetchReason.Cold))} cold, {requests.Count(nameof(FetchReason.RefreshAhead))} refresh ahead, "
            + $"{requests.Count(nameof(FetchReason.Refusal))} refusal; {requests.Failed} failed, {requests.HandedBack} handed back a value refused before, "
            + $"{requests.Stale} a value refused meanwhile; {director.Steps} script steps over {elapsed} of fake time. ")
            + "Failures: " + string.Join("; ", failures);
    }

    private static async Task<string?> CallOnceMoreAsync(WeChatTestServices app)
    {
        try
        {
            var answer = await app.Get<WeChatApiClient>().CallAsync(LogisticsMethods.GetPath.Api, """{"caller":0}"""u8.ToArray(), CancellationToken.None);
            return answer.ErrCode == 0 ? null : $"errcode {answer.ErrCode}";
        }
        catch (Exception ex)
        {
            return ex.ToString();
        }
    }

    private static async Task KeepTimeGoingAsync(FakeTimeProvider time, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            time.Advance(TimeSpan.FromMilliseconds(100));
            await Task.Yield();
        }
    }

    private static async Task WaitUntilNoFetchIsRunningAsync(AccessTokenProvider tokens)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (tokens.IsFetching)
        {
            await Task.Delay(5, timeout.Token);
        }
    }

    // Runs the scenario, then collects garbage until every finalizer has run: a faulted task nobody observed raises
    // TaskScheduler.UnobservedTaskException from its finalizer. Only this run's failures (with the marker) count.
    private static async Task<IReadOnlyCollection<AggregateException>> UnobservedDuringAsync(string marker, Func<Task> scenario)
    {
        var unobserved = new ConcurrentQueue<AggregateException>();
        void Record(object? sender, UnobservedTaskExceptionEventArgs e)
        {
            if (e.Exception.ToString().Contains(marker, StringComparison.Ordinal))
            {
                unobserved.Enqueue(e.Exception);
            }
        }

        TaskScheduler.UnobservedTaskException += Record;
        try
        {
            await scenario();
            for (var round = 0; round < 5; round++)
            {
                await Task.Delay(20);
                GC.Collect();
                GC.WaitForPendingFinalizers();
            }

            return unobserved;
        }
        finally
        {
            TaskScheduler.UnobservedTaskException -= Record;
        }
    }
}
