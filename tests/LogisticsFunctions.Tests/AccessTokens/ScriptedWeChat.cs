using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using LogisticsFunctions.Tests.Fakes;
using Microsoft.AspNetCore.Http;

namespace LogisticsFunctions.Tests.AccessTokens;

/// <summary>
/// WeChat's stable_token and one business endpoint on loopback, scripted by the test: which value stable_token hands
/// out and when, which values business calls refuse, stable_token answers held back until the test releases them
/// (a slow fetch, which hands back the value current when it arrived), failures, and a secret change. Normal mode as
/// WeChat plays it: the same value until it is knocked out or within five minutes of its expiry, then a new one.
/// Every call is stamped from <see cref="Stamp"/>, one counter shared with the test, so the order of events across
/// the test's callers and this server can be compared afterwards.
/// </summary>
internal sealed class ScriptedWeChat : IAsyncDisposable
{
    public const string AppId = "wx0123456789scripted";
    public const string BusinessPath = "/cgi-bin/express/business/path/get";

    private static readonly TimeSpan EarlyRenewal = TimeSpan.FromMinutes(5);

    private readonly Lock _gate = new();
    private readonly TimeProvider _time;
    private readonly Dictionary<string, DateTimeOffset> _expiries = new(StringComparer.Ordinal);
    private readonly HashSet<string> _refused = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _refusedSince = new(StringComparer.Ordinal);
    private readonly Queue<StableTokenHold> _holds = new();
    private readonly Queue<Func<HttpContext, Task>> _failures = new();
    private readonly ConcurrentQueue<StableTokenCall> _stableTokenCalls = new();
    private readonly ConcurrentQueue<BusinessCall> _businessCalls = new();
    private LoopbackServer? _server;
    private string? _current;
    private string? _lastHandedOut;
    private int _issued;
    private long _stamp;
    private int _forcedRefreshes;

    private ScriptedWeChat(TimeProvider time) => _time = time;

    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>The secret stable_token accepts; any other is answered 40125.</summary>
    public string AppSecret { get; set; } = "scripted-secret-0123456789abcdef";

    /// <summary>
    /// Whether a new value is handed out once the current one has less than five minutes left, as WeChat documents;
    /// when not, the current value is handed out until it expires, as when WeChat's renewal lags the app's refresh.
    /// </summary>
    public bool RenewsEarly { get; set; } = true;

    /// <summary>The lifetime of each new value (WeChat's is 7200 s).</summary>
    public TimeSpan Lifetime { get; set; } = TimeSpan.FromSeconds(7200);

    /// <summary>A stable_token call with <c>force_refresh</c> other than false: the app must never send one.</summary>
    public int ForcedRefreshes => Volatile.Read(ref _forcedRefreshes);

    public int StableTokenCalls => _stableTokenCalls.Count;

    public int BusinessCalls => _businessCalls.Count;

    public IReadOnlyCollection<StableTokenCall> StableTokenLog => _stableTokenCalls;

    /// <summary>Every value stable_token has handed out.</summary>
    public IReadOnlyList<string> IssuedTokens
    {
        get
        {
            lock (_gate)
            {
                return [.. _expiries.Keys];
            }
        }
    }

    public IReadOnlyCollection<BusinessCall> BusinessLog => _businessCalls;

    /// <summary>The value stable_token hands out now (issuing one if none is current).</summary>
    public string Current
    {
        get
        {
            var now = _time.GetUtcNow();
            lock (_gate)
            {
                return CurrentValue(now);
            }
        }
    }

    /// <summary>When the value stable_token last handed out expires (the app most likely holds that one); null before any.</summary>
    public DateTimeOffset? LastHandedOutExpiresAt
    {
        get
        {
            lock (_gate)
            {
                return _lastHandedOut is { } value ? _expiries[value] : null;
            }
        }
    }

    public static async Task<ScriptedWeChat> StartAsync(TimeProvider time)
    {
        var weChat = new ScriptedWeChat(time);
        weChat._server = await LoopbackServer.StartAsync(0, certificate: null, weChat.HandleAsync, CancellationToken.None);
        weChat.BaseAddress = new Uri(string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{weChat._server.Port}/"));
        return weChat;
    }

    /// <summary>The next number of the order shared by this server and the test.</summary>
    public long Stamp() => Interlocked.Increment(ref _stamp);

    /// <summary>
    /// Another system force-refreshes, or the AppSecret is reset in the console: the current value is refused from
    /// now on and the next stable_token call hands out a new one. Returns the value knocked out.
    /// </summary>
    public string KnockOut()
    {
        var now = _time.GetUtcNow();
        lock (_gate)
        {
            var value = CurrentValue(now);
            RefuseValue(value);
            _current = null;
            return value;
        }
    }

    /// <summary>Business calls refuse <paramref name="value"/> while stable_token keeps handing it out: fetching is pointless.</summary>
    public void Refuse(string value)
    {
        lock (_gate)
        {
            RefuseValue(value);
        }
    }

    /// <summary>Business calls accept <paramref name="value"/> again.</summary>
    public void Accept(string value)
    {
        lock (_gate)
        {
            _refused.Remove(value);
            _refusedSince.Remove(value);
        }
    }

    /// <summary>When WeChat began refusing <paramref name="value"/> (a <see cref="Stamp"/>), if it does.</summary>
    public long? RefusedSince(string value)
    {
        lock (_gate)
        {
            return _refusedSince.TryGetValue(value, out var since) ? since : null;
        }
    }

    /// <summary>Holds the answer to the next stable_token call until the test releases it.</summary>
    public StableTokenHold HoldNextStableToken()
    {
        var hold = new StableTokenHold();
        lock (_gate)
        {
            _holds.Enqueue(hold);
        }

        return hold;
    }

    /// <summary>The next stable_token call is answered with <c>{"errcode":errCode,"errmsg":errMsg}</c>.</summary>
    public void FailNextStableToken(int errCode, string errMsg) => EnqueueFailure(context => WriteErrorAsync(context, errCode, errMsg));

    /// <summary>The next stable_token call is answered with an HTTP error and no JSON.</summary>
    public void FailNextStableTokenWithStatus(int status) => EnqueueFailure(context =>
    {
        context.Response.StatusCode = status;
        return Task.CompletedTask;
    });

    /// <summary>Drops the failures lined up for stable_token that no call has met yet.</summary>
    public void ClearFailures()
    {
        lock (_gate)
        {
            _failures.Clear();
        }
    }

    public async ValueTask DisposeAsync()
    {
        lock (_gate)
        {
            // Nothing may stay held: the server could not stop while a request waits.
            foreach (var hold in _holds)
            {
                hold.Release();
            }
        }

        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }

    private void EnqueueFailure(Func<HttpContext, Task> failure)
    {
        lock (_gate)
        {
            _failures.Enqueue(failure);
        }
    }

    // Called under _gate.
    private void RefuseValue(string value)
    {
        if (_refused.Add(value))
        {
            _refusedSince[value] = Stamp();
        }
    }

    // Called under _gate, with the time read before taking it (a fake clock runs due timers when read: never under the
    // lock). Normal mode: the current value while it has more than five minutes left (or, renewing late, until it
    // expires), else a new one.
    private string CurrentValue(DateTimeOffset now)
    {
        if (_current is null || _expiries[_current] - now < (RenewsEarly ? EarlyRenewal : TimeSpan.FromSeconds(1)))
        {
            _current = string.Create(CultureInfo.InvariantCulture, $"scripted-token-{++_issued:D4}");
            _expiries[_current] = now + Lifetime;
        }

        return _current;
    }

    private async Task HandleAsync(HttpContext context)
    {
        if (context.Request.Path == "/cgi-bin/stable_token")
        {
            await StableTokenAsync(context);
        }
        else if (context.Request.Path == BusinessPath)
        {
            await BusinessAsync(context);
        }
        else
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
        }
    }

    private async Task StableTokenAsync(HttpContext context)
    {
        var arrived = Stamp();
        using var body = await JsonDocument.ParseAsync(context.Request.Body);
        var root = body.RootElement;
        if (!root.TryGetProperty("force_refresh", out var force) || force.ValueKind != JsonValueKind.False)
        {
            Interlocked.Increment(ref _forcedRefreshes);
        }

        StableTokenHold? hold;
        Func<HttpContext, Task>? failure;
        string? value = null;
        TimeSpan expiresIn = default;
        var now = _time.GetUtcNow();
        lock (_gate)
        {
            hold = _holds.TryDequeue(out var next) ? next : null;
            failure = _failures.TryDequeue(out var nextFailure) ? nextFailure : null;
            if (failure is null && root.GetProperty("appid").GetString() == AppId && root.GetProperty("secret").GetString() == AppSecret)
            {
                // The value is chosen as the call arrives: a slow answer hands back what was current then.
                value = CurrentValue(now);
                expiresIn = _expiries[value] - now;
            }
        }

        if (hold is not null)
        {
            hold.Arrive(value);
            failure = await hold.WaitAsync() ?? failure;
        }

        if (failure is not null)
        {
            _stableTokenCalls.Enqueue(new StableTokenCall(arrived, Stamp(), null));
            await failure(context);
            return;
        }

        if (value is null)
        {
            _stableTokenCalls.Enqueue(new StableTokenCall(arrived, Stamp(), null));
            await WriteErrorAsync(context, 40125, "invalid appsecret");
            return;
        }

        _stableTokenCalls.Enqueue(new StableTokenCall(arrived, Stamp(), value));
        lock (_gate)
        {
            _lastHandedOut = value;
        }

        await WriteJsonAsync(context, writer =>
        {
            writer.WriteString("access_token", value);
            writer.WriteNumber("expires_in", (long)expiresIn.TotalSeconds);
        });
    }

    private async Task BusinessAsync(HttpContext context)
    {
        var arrived = Stamp();
        var token = context.Request.Query["access_token"].ToString();
        using var body = await JsonDocument.ParseAsync(context.Request.Body);
        var caller = body.RootElement.TryGetProperty("caller", out var id) ? id.GetInt32() : -1;
        int errCode;
        var now = _time.GetUtcNow();
        lock (_gate)
        {
            errCode = !_expiries.TryGetValue(token, out var expiresAt) || _refused.Contains(token) ? 40001
                : now >= expiresAt ? 42001
                : 0;
        }

        _businessCalls.Enqueue(new BusinessCall(caller, token, arrived, errCode));
        if (errCode == 0)
        {
            await WriteJsonAsync(context, writer =>
            {
                writer.WriteNumber("errcode", 0);
                writer.WriteString("errmsg", "ok");
            });
        }
        else
        {
            await WriteErrorAsync(context, errCode, errCode == 40001 ? "invalid credential, access_token is invalid or not latest" : "access_token expired");
        }
    }

    private static Task WriteErrorAsync(HttpContext context, int errCode, string errMsg) => WriteJsonAsync(context, writer =>
    {
        writer.WriteNumber("errcode", errCode);
        writer.WriteString("errmsg", errMsg);
    });

    private static async Task WriteJsonAsync(HttpContext context, Action<Utf8JsonWriter> write)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            write(writer);
            writer.WriteEndObject();
        }

        context.Response.ContentType = "application/json; charset=utf-8";
        await context.Response.Body.WriteAsync(buffer.ToArray());
    }

    /// <summary>One stable_token call: when it arrived and was answered (<see cref="Stamp"/>s), and the value handed out (null: a failure).</summary>
    public sealed record StableTokenCall(long Arrived, long Answered, string? Value);

    /// <summary>One business call: who made it (the body's <c>caller</c>), with which token, when, and the errcode it got.</summary>
    public sealed record BusinessCall(int Caller, string Token, long Arrived, int ErrCode);

    /// <summary>A stable_token answer held back: the call has arrived and its value is chosen, the answer waits for the test.</summary>
    public sealed class StableTokenHold
    {
        private readonly TaskCompletionSource<string?> _arrived = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource<Func<HttpContext, Task>?> _released = new(TaskCreationOptions.RunContinuationsAsynchronously);

        /// <summary>Completes when the call arrives, with the value it will hand back (null when the secret was refused).</summary>
        public Task<string?> Arrived => _arrived.Task;

        /// <summary>Answers with the value chosen on arrival.</summary>
        public void Release() => _released.TrySetResult(null);

        /// <summary>Answers with an errcode instead.</summary>
        public void Fail(int errCode, string errMsg) => _released.TrySetResult(context => WriteErrorAsync(context, errCode, errMsg));

        internal void Arrive(string? value) => _arrived.TrySetResult(value);

        internal Task<Func<HttpContext, Task>?> WaitAsync() => _released.Task;
    }
}
