using LogisticsFunctions.Tests.Fakes;
using LogisticsFunctions.WeChat.AccessTokens;
using Microsoft.Extensions.Time.Testing;

namespace LogisticsFunctions.Tests.AccessTokens;

/// <summary>
/// The stress run's script, one seeded decision after another while the callers run: WeChat knocks the token out at
/// random moments (sometimes several times in a row with the clock standing still, to spend the refusal budget),
/// refuses a value that stable_token keeps handing out, answers stable_token slowly (handing back the value current
/// when the call arrived, whatever happened meanwhile, and knocked out meanwhile now and then) or with a failure,
/// renews its tokens late for a while (so a refresh ahead gets the current value back), the AppSecret is rotated (the
/// vault updated at once or a few steps later), new tokens get other lifetimes, and the fake clock moves a little at
/// every step and now and then jumps (into a token's refresh window, or minutes or hours on).
/// The seed fixes every decision and the step at which each call starts; the interleaving is the machine's.
/// </summary>
internal sealed class StressDirector(
    int seed,
    ScriptedWeChat weChat,
    FakeKeyVault vault,
    string secretName,
    FakeTimeProvider time,
    AccessTokenProvider tokens)
{
    /// <summary>How many steps the script plays.</summary>
    public const int TotalSteps = 400;

    private readonly List<Held> _holds = [];
    private readonly TaskCompletionSource[] _reached =
        [.. Enumerable.Range(0, TotalSteps + 1).Select(_ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously))];
    private (int Step, string Secret)? _vaultUpdate;

    /// <summary>The text every scripted failure carries, to tell this run's exceptions from other tests'.</summary>
    public string Marker { get; } = $"stress-{seed}-{Guid.NewGuid():N}";

    /// <summary>The most refused values the provider remembered at any step.</summary>
    public int MostRememberedValues { get; private set; }

    public int Steps { get; private set; }

    /// <summary>Every AppSecret the run used.</summary>
    public List<string> Secrets { get; } = [weChat.AppSecret];

    /// <summary>Completes once the script has played <paramref name="step"/> steps.</summary>
    public Task Reached(int step) => _reached[Math.Clamp(step, 0, TotalSteps)].Task;

    /// <summary>Plays the script, then releases whatever it still holds and lets stable_token answer normally.</summary>
    public async Task RunAsync()
    {
        var random = new Random(seed);
        var stormUntil = -1;
        weChat.RenewsEarly = random.Next(3) == 0;
        _reached[0].SetResult();
        for (var step = 1; step <= TotalSteps; step++)
        {
            Steps = step;
            var knockOutHeld = TendHolds(random, step);
            if (_vaultUpdate is { } update && update.Step <= step)
            {
                vault.SetSecret(secretName, update.Secret);
                _vaultUpdate = null;
            }

            if (knockOutHeld)
            {
                // The value a slow stable_token answer is about to hand back is knocked out meanwhile.
                weChat.KnockOut();
            }
            else if (step <= stormUntil)
            {
                // Another system force-refreshes in a loop: knock-outs with the clock standing still.
                if (random.Next(3) == 0)
                {
                    weChat.KnockOut();
                }
            }
            else
            {
                time.Advance(TimeSpan.FromMilliseconds(random.Next(20, 400)));
                Act(random, step, ref stormUntil);
            }

            MostRememberedValues = Math.Max(MostRememberedValues, tokens.RememberedValueCount);
            _reached[step].SetResult();
            await Task.Delay(random.Next(1, 4));
        }

        ReleaseAll();
        weChat.ClearFailures();
        if (_vaultUpdate is { } last)
        {
            vault.SetSecret(secretName, last.Secret);
        }
    }

    private void Act(Random random, int step, ref int stormUntil)
    {
        switch (random.Next(100))
        {
            case < 30:
                time.Advance(TimeSpan.FromMilliseconds(random.Next(50, 1500)));
                break;
            case < 35:
                time.Advance(TimeSpan.FromSeconds(random.Next(5, 120)));
                break;
            case < 43:
                // Into the refresh window of the token last handed out (its last four minutes, mostly before its last
                // minute), where a request starts a refresh ahead; that refresh is often slow, so refusals of the value
                // it will hand back can meet it.
                var left = (weChat.LastHandedOutExpiresAt ?? time.GetUtcNow()) - time.GetUtcNow();
                time.Advance(TimeSpan.FromSeconds(Math.Max(1, (left - AccessToken.RefreshAhead).TotalSeconds + random.Next(1, 200))));
                if (_holds.Count == 0 && random.Next(4) != 0)
                {
                    _holds.Add(new Held(weChat.HoldNextStableToken(), random.Next(2, 12)));
                }

                break;
            case < 47:
                weChat.KnockOut();
                break;
            case < 50:
                // A glitch: WeChat refuses the value on business calls while stable_token keeps handing it out.
                weChat.Refuse(weChat.Current);
                break;
            case < 63 when _holds.Count < 2:
                _holds.Add(new Held(weChat.HoldNextStableToken(), random.Next(1, 12)));
                break;
            case < 65:
                Fail(random);
                break;
            case < 67:
                RotateSecret(random, step);
                break;
            case < 72:
                weChat.Lifetime = TimeSpan.FromSeconds(random.Next(400, 7201));
                break;
            case < 75:
                weChat.RenewsEarly = !weChat.RenewsEarly;
                break;
            case < 77:
                stormUntil = step + random.Next(10, 40);
                break;
            default:
                break;
        }
    }

    private void Fail(Random random)
    {
        switch (random.Next(4))
        {
            case 0:
                weChat.FailNextStableToken(-1, $"system error {Marker}");
                break;
            case 1:
                weChat.FailNextStableToken(40164, $"invalid ip 127.0.0.1, not in whitelist {Marker}");
                break;
            case 2:
                weChat.FailNextStableTokenWithStatus(500);
                break;
            default:
                weChat.FailNextStableTokenWithStatus(429);
                break;
        }
    }

    private void RotateSecret(Random random, int step)
    {
        // The AppSecret is reset in WeChat's console, which also kills the current token; the new one reaches the
        // vault at once or a few steps later (until then stable_token refuses the one the app reads: 40125).
        var secret = $"rotated-secret-{step:D5}-{random.Next():x8}";
        Secrets.Add(secret);
        weChat.AppSecret = secret;
        weChat.KnockOut();
        // A rotation supersedes one still on its way to the vault.
        _vaultUpdate = null;
        if (random.Next(2) == 0)
        {
            vault.SetSecret(secretName, secret);
        }
        else
        {
            _vaultUpdate = (step + random.Next(1, 20), secret);
        }
    }

    // A held stable_token answer is released some steps after its call arrived; meanwhile, now and then, the value it
    // will hand back is knocked out. Returns whether to knock it out at this step.
    private bool TendHolds(Random random, int step)
    {
        var knockOut = false;
        foreach (var held in _holds.ToList())
        {
            if (held.ArrivedAt is null && held.Hold.Arrived.IsCompleted)
            {
                held.ArrivedAt = step;
            }

            if (held.ArrivedAt + held.Steps <= step)
            {
                held.Hold.Release();
                _holds.Remove(held);
            }
            else if (held.ArrivedAt is not null && random.Next(2) == 0)
            {
                knockOut = true;
            }
        }

        return knockOut;
    }

    private void ReleaseAll()
    {
        foreach (var held in _holds)
        {
            held.Hold.Release();
        }

        _holds.Clear();
    }

    private sealed class Held(ScriptedWeChat.StableTokenHold hold, int steps)
    {
        public ScriptedWeChat.StableTokenHold Hold { get; } = hold;

        /// <summary>How many steps after its call arrived the answer is released.</summary>
        public int Steps { get; } = steps;

        public int? ArrivedAt { get; set; }
    }
}
