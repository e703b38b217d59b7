using System.Net;
using LogisticsFunctions.CloudCall;
using LogisticsFunctions.WeChat.Http;
using LogisticsFunctions.WeChat.Secrets;

namespace LogisticsFunctions.Tests.CloudCall;

public sealed class CloudCallErrorsTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 28, 12, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(40199, HttpStatusCode.NotFound)]
    [InlineData(9300503, HttpStatusCode.BadRequest)]
    [InlineData(40003, HttpStatusCode.BadRequest)]
    [InlineData(47001, HttpStatusCode.BadRequest)]
    [InlineData(40001, HttpStatusCode.BadGateway)]
    [InlineData(42001, HttpStatusCode.BadGateway)]
    [InlineData(40014, HttpStatusCode.BadGateway)]
    [InlineData(40125, HttpStatusCode.BadGateway)]
    [InlineData(40164, HttpStatusCode.BadGateway)]
    [InlineData(40013, HttpStatusCode.BadGateway)]
    [InlineData(48001, HttpStatusCode.BadGateway)]
    [InlineData(-1, HttpStatusCode.ServiceUnavailable)]
    [InlineData(45009, HttpStatusCode.TooManyRequests)]
    [InlineData(45011, HttpStatusCode.TooManyRequests)]
    [InlineData(9300509, HttpStatusCode.TooManyRequests)]
    [InlineData(9300537, HttpStatusCode.TooManyRequests)]
    [InlineData(9300501, HttpStatusCode.BadRequest)]
    [InlineData(9300502, HttpStatusCode.BadGateway)]
    [InlineData(9300504, HttpStatusCode.BadRequest)]
    [InlineData(9300505, HttpStatusCode.Forbidden)]
    [InlineData(9300506, HttpStatusCode.Conflict)]
    [InlineData(9300508, HttpStatusCode.Conflict)]
    [InlineData(9300513, HttpStatusCode.Forbidden)]
    [InlineData(9300517, HttpStatusCode.BadRequest)]
    [InlineData(9300521, HttpStatusCode.Conflict)]
    [InlineData(9300522, HttpStatusCode.Conflict)]
    [InlineData(9300523, HttpStatusCode.Forbidden)]
    [InlineData(9300524, HttpStatusCode.Conflict)]
    [InlineData(9300526, HttpStatusCode.BadRequest)]
    [InlineData(9300529, HttpStatusCode.Conflict)]
    [InlineData(9300530, HttpStatusCode.NotFound)]
    [InlineData(9300531, HttpStatusCode.BadRequest)]
    [InlineData(9300532, HttpStatusCode.Conflict)]
    [InlineData(9300533, HttpStatusCode.BadRequest)]
    [InlineData(9300525, HttpStatusCode.NotFound)]
    [InlineData(930563, HttpStatusCode.NotFound)]
    public void AWeChatErrcodePassesThroughWithTheStatusThatSaysWhatToDo(int errcode, HttpStatusCode status)
    {
        var error = CloudCallErrors.FromWeChat(errcode, "what WeChat said rid: 1", Now);

        Assert.Equal(status, error.Status);
        Assert.Equal(errcode, error.ErrCode);
        Assert.Equal("openapi.logistics.getPath:fail what WeChat said rid: 1", error.ErrMsg("openapi.logistics.getPath"));
    }

    [Theory]
    [InlineData(45011, 60)]
    [InlineData(9300509, 60)]
    [InlineData(9300537, 60)]
    public void FrequencyLimitsAskToComeBackInAMinute(int errcode, int seconds) =>
        Assert.Equal(TimeSpan.FromSeconds(seconds), CloudCallErrors.FromWeChat(errcode, "limit", Now).RetryAfter);

    [Fact]
    public void TheDailyQuotaAsksToComeBackAtMidnightBeijingTime()
    {
        // 12:00 UTC is 20:00 in Beijing: four hours to midnight there.
        Assert.Equal(TimeSpan.FromHours(4), CloudCallErrors.FromWeChat(45009, "quota", Now).RetryAfter);
    }

    [Fact]
    public void AnEmptyErrmsgStillGivesAReason() =>
        Assert.Equal("WeChat errcode 40199", CloudCallErrors.FromWeChat(40199, null, Now).Reason);

    [Fact]
    public void ATimeoutIs504WithTheCloudPlatformsTimeoutCode()
    {
        var error = CloudCallErrors.FromException(new WeChatException(WeChatFailure.Timeout, "WeChat did not answer in time"), Now);

        Assert.Equal((HttpStatusCode.GatewayTimeout, -604102), (error.Status, error.ErrCode));
    }

    [Fact]
    public void AnHttp429FromWeChatIsAQuotaWithWeChatsRetryAfterOrAMinute()
    {
        var told = CloudCallErrors.FromException(new WeChatException(WeChatFailure.Throttled, "WeChat answered HTTP 429 Too Many Requests") { RetryAfter = TimeSpan.FromSeconds(7) }, Now);
        var untold = CloudCallErrors.FromException(new WeChatException(WeChatFailure.Throttled, "WeChat answered HTTP 429 Too Many Requests"), Now);

        Assert.Equal((HttpStatusCode.TooManyRequests, TimeSpan.FromSeconds(7)), (told.Status, told.RetryAfter));
        Assert.Equal((HttpStatusCode.TooManyRequests, TimeSpan.FromSeconds(60)), (untold.Status, untold.RetryAfter));
    }

    [Fact]
    public void TheRequestsDeadlineIs504WithTheCloudPlatformsTimeoutCode()
    {
        var error = CloudCallErrors.DeadlinePassed(TimeSpan.FromSeconds(10));

        Assert.Equal((HttpStatusCode.GatewayTimeout, -604102, "no answer within the request's deadline of 10 s"), (error.Status, error.ErrCode, error.Reason));
    }

    [Fact]
    public void AnUnreachableWeChatIs502WithTheCloudPlatformsSystemErrorCode()
    {
        var error = CloudCallErrors.FromException(new WeChatException(WeChatFailure.Unavailable, "WeChat answered HTTP 502"), Now);

        Assert.Equal((HttpStatusCode.BadGateway, -604103, "WeChat answered HTTP 502"), (error.Status, error.ErrCode, error.Reason));
    }

    [Fact]
    public void ARefusalDuringTheTokenFetchMapsLikeTheErrcode()
    {
        var error = CloudCallErrors.FromException(new WeChatException(WeChatFailure.Refused, "invalid ip 1.2.3.4 ipv6 ::ffff:1.2.3.4, not in whitelist rid: x", 40164), Now);

        Assert.Equal((HttpStatusCode.BadGateway, 40164), (error.Status, error.ErrCode));
        Assert.Contains("1.2.3.4", error.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(43002)]
    [InlineData(47001)]
    [InlineData(12345)]
    public void AnyOtherRefusalOfTheTokenRequestIsTheFunctionsProblemNotTheCallers(int errcode)
    {
        var error = CloudCallErrors.FromException(new WeChatException(WeChatFailure.Refused, "refused", errcode), Now);

        Assert.Equal((HttpStatusCode.BadGateway, errcode), (error.Status, error.ErrCode));
    }

    [Fact]
    public void AVaultOutageIs503AndAVaultMisconfigurationIs500()
    {
        var outage = CloudCallErrors.FromException(new SecretUnavailableException("Key Vault could not be reached", isTransient: true), Now);
        var denied = CloudCallErrors.FromException(new SecretUnavailableException("Key Vault denied access", isTransient: false), Now);

        Assert.Equal((HttpStatusCode.ServiceUnavailable, -601001), (outage.Status, outage.ErrCode));
        Assert.NotNull(outage.RetryAfter);
        Assert.Equal((HttpStatusCode.InternalServerError, -601001), (denied.Status, denied.ErrCode));
    }

    [Fact]
    public void AnUnexpectedExceptionSaysNothingOfItsInsides()
    {
        var error = CloudCallErrors.FromException(new InvalidOperationException("connection string Password=hunter2"), Now);

        Assert.Equal((HttpStatusCode.InternalServerError, -601001, "internal error"), (error.Status, error.ErrCode, error.Reason));
    }
}
