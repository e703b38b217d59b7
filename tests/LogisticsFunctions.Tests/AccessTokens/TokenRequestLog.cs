using System.Collections.Concurrent;
using LogisticsFunctions.WeChat.AccessTokens;
using Microsoft.Extensions.Logging;

namespace LogisticsFunctions.Tests.AccessTokens;

/// <summary>
/// The token provider's record of its stable_token requests, as its log gives it: one entry per request, with the
/// reason it was made (the <c>FetchReason</c> value) and how it ended, told by the line's template. Other categories
/// are not kept.
/// </summary>
internal sealed class TokenRequestLog : ILoggerProvider
{
    private readonly ConcurrentQueue<(string Reason, string Template)> _requests = new();

    public int Count(string reason) => _requests.Count(request => request.Reason == reason);

    public int Failed => Ended("Fetching a WeChat access token");

    /// <summary>Requests that handed back a value refused before they began: fetching for it was then pointless.</summary>
    public int HandedBack => Ended("WeChat refused the access token and stable_token handed the same one back");

    /// <summary>Requests whose answer was a value refused after they began, so not used.</summary>
    public int Stale => Ended("stable_token handed back an access token WeChat refused after the request began");

    public int Total => _requests.Count;

    public ILogger CreateLogger(string categoryName) =>
        categoryName == typeof(AccessTokenProvider).FullName ? new Logger(_requests) : Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance;

    public void Dispose()
    {
    }

    private int Ended(string templateStart) => _requests.Count(request => request.Template.StartsWith(templateStart, StringComparison.Ordinal));

    private sealed class Logger(ConcurrentQueue<(string Reason, string Template)> requests) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (state is not IReadOnlyList<KeyValuePair<string, object?>> values || values.FirstOrDefault(value => value.Key == "FetchReason").Value is not { } reason)
            {
                return;
            }

            var template = values.FirstOrDefault(value => value.Key == "{OriginalFormat}").Value as string ?? "";
            requests.Enqueue((reason.ToString()!, template));
        }
    }
}
