using LogisticsFunctions.WeChatSimulator.Faults;

namespace LogisticsFunctions.WeChatSimulator;

/// <summary>
/// Something that goes wrong between the caller and WeChat, or inside WeChat, for one call.
/// The hierarchy is closed: only the factories below make faults, so the simulator knows every kind it must play.
/// </summary>
public abstract record SimulatorFault
{
    private protected SimulatorFault()
    {
    }

    /// <summary>HTTP 200 with <c>{"errcode":errcode,"errmsg":errmsg}</c>, the way WeChat reports every business error.</summary>
    public static SimulatorFault ErrCode(int errcode, string errmsg)
    {
        ArgumentNullException.ThrowIfNull(errmsg);
        return new ErrCodeFault(errcode, errmsg);
    }

    /// <summary>
    /// HTTP 200 with <c>{"errcode":9300501,"errmsg":"delivery logic fail","delivery_resultcode":…,"delivery_resultmsg":…}</c>:
    /// the courier refused the order (or the cancellation) with its own code and message, e.g. 10002 客户密码不正确.
    /// </summary>
    public static SimulatorFault DeliveryError(int deliveryResultcode, string deliveryResultmsg)
    {
        ArgumentNullException.ThrowIfNull(deliveryResultmsg);
        return new DeliveryErrorFault(deliveryResultcode, deliveryResultmsg);
    }

    /// <summary>An HTTP error status with the HTML page nginx, WeChat's front end, sends with it.</summary>
    public static SimulatorFault HttpStatus(int status)
    {
        // Only error statuses: a 1xx, 204 or 304 cannot carry the page, and a 3xx without Location means nothing.
        ArgumentOutOfRangeException.ThrowIfLessThan(status, 400);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(status, 599);
        return new HttpStatusFault(status);
    }

    /// <summary>HTTP 429 from the front end with <c>Retry-After</c> in seconds: the gateway's own rate limit.</summary>
    public static SimulatorFault TooManyRequests(TimeSpan retryAfter)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(retryAfter, TimeSpan.Zero);
        return new HttpStatusFault(429) { RetryAfter = retryAfter };
    }

    /// <summary>
    /// A redirect to <paramref name="location"/> (307 keeps the method and the body), as a hijacked or misconfigured
    /// front end might send: a client that follows it hands the request, secrets included, to another host.
    /// </summary>
    public static SimulatorFault Redirect(Uri location)
    {
        ArgumentNullException.ThrowIfNull(location);
        return new RedirectFault(location);
    }

    /// <summary>HTTP 200 with a text/html page, as a captive portal or a misrouted proxy answers.</summary>
    public static SimulatorFault Html() => new HtmlPageFault();

    /// <summary>HTTP 200 that claims JSON and carries zero bytes.</summary>
    public static SimulatorFault EmptyBody() => new EmptyBodyFault();

    /// <summary>HTTP 200, application/json, with only the first half of a valid answer.</summary>
    public static SimulatorFault TruncatedBody() => new TruncatedBodyFault();

    /// <summary>The connection is aborted before any response is sent.</summary>
    public static SimulatorFault ResetConnection() => new ResetConnectionFault();

    /// <summary>
    /// Waits, then answers normally. The wait runs on <see cref="WeChatSimulatorOptions.TimeProvider"/> and ends early
    /// (with no answer) when the caller gives up or the simulator stops.
    /// </summary>
    public static SimulatorFault Delay(TimeSpan delay)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(delay, TimeSpan.Zero);
        return new DelayFault(delay);
    }

    /// <summary>
    /// WeChat carries the call out as it would without a fault (its state changes, pushes go out), then its answer is lost to
    /// <paramref name="loss"/>: the connection is reset (<see cref="ResetConnection"/>), the front end answers an HTTP error
    /// (<see cref="HttpStatus"/>), WeChat says it is busy (<see cref="ErrCode"/> -1), the answer is broken
    /// (<see cref="Html"/>, <see cref="EmptyBody"/>, <see cref="TruncatedBody"/>) or it comes too late (<see cref="Delay"/>).
    /// For a write, this is an outcome the caller cannot know: WeChat acted, and nothing it was told says so.
    /// </summary>
    public static SimulatorFault AfterActing(SimulatorFault loss)
    {
        ArgumentNullException.ThrowIfNull(loss);
        if (loss is AfterActingFault)
        {
            throw new ArgumentException("WeChat acts once: the loss must be a fault of its own, not another AfterActing.", nameof(loss));
        }

        return new AfterActingFault(loss);
    }

    /// <summary>
    /// Plays the fault on <paramref name="context"/>. <paramref name="answer"/> lets WeChat handle the call as it would
    /// without a fault (its checks, its state, its answer); a fault calls it when WeChat gets to act, or never.
    /// </summary>
    internal abstract Task PlayAsync(HttpContext context, SimulatorEndpoint endpoint, TimeProvider timeProvider, Func<Task> answer);
}
