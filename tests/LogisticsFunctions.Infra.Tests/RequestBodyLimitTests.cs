using System.Globalization;
using static LogisticsFunctions.Infra.Tests.LogisticsInfrastructure;

namespace LogisticsFunctions.Infra.Tests;

/// <summary>
/// The Functions host buffers a whole request body before the worker sees it: its limit is set to what the
/// largest legitimate request needs, not left at the host's 100 MB.
/// </summary>
public sealed class RequestBodyLimitTests
{
    // The app's own caps: PushReceiver.MaxBodyBytes and CloudCallRequestReader.MaxBodyBytes.
    private const int AppBodyCap = 64 * 1024;

    [Fact]
    public void The_host_stops_bodies_at_128_KB_leaving_the_band_above_the_apps_64_KB_cap_to_the_apps_own_413()
    {
        var setting = Assert.Single(SiteAppSettings.Read(Site), entry => entry.Name == "FUNCTIONS_REQUEST_BODY_SIZE_LIMIT");

        Assert.Null(setting.Condition);
        var limit = long.Parse(setting.Value.GetString()!, NumberStyles.None, CultureInfo.InvariantCulture);
        Assert.Equal(128 * 1024, limit);
        Assert.True(limit > AppBodyCap, "a body just over the app's cap must reach the app, which answers it with a clear 413");
        Assert.True(limit < 104_857_600, "the host's default of 100 MB is what this setting replaces");
    }
}
