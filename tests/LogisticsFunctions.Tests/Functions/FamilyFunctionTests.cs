using System.Net;
using System.Text.Json.Nodes;
using LogisticsFunctions.CloudCall;
using LogisticsFunctions.CloudCall.Methods;
using LogisticsFunctions.Tests.Support;
using LogisticsFunctions.WeChatSimulator;

namespace LogisticsFunctions.Tests.Functions;

/// <summary>The twelve functions over the app's real services and real HTTP to the simulator, which keeps consistent state.</summary>
public sealed class FamilyFunctionTests : IAsyncLifetime
{
    private WeChatSimulatorServer _simulator = null!;
    private WeChatTestServices _app = null!;

    public async Task InitializeAsync()
    {
        _simulator = await WeChatSimulatorServer.StartAsync();
        // The shipped deadlines frozen: these tests count calls, which a busy machine must not turn into timeouts and retries.
        _app = WeChatTestServices.Create(_simulator, timeProvider: FrozenDeadlinesTimeProvider.ShippedDeadlines);
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        await _simulator.DisposeAsync();
    }

    public static TheoryData<string, SimulatorEndpoint> ExamplesOnTheSamplesData() => new()
    {
        { "getAllDelivery", SimulatorEndpoint.DeliveryGetAll },
        { "getAllAccount", SimulatorEndpoint.AccountGetAll },
        { "bindAccount", SimulatorEndpoint.AccountBind },
        { "getPrinter", SimulatorEndpoint.PrinterGetAll },
        { "updatePrinter", SimulatorEndpoint.PrinterUpdate },
        { "getQuota", SimulatorEndpoint.QuotaGet },
        { "addOrder", SimulatorEndpoint.OrderAdd },
        { "batchGetOrder", SimulatorEndpoint.OrderBatchGet },
        { "getPath", SimulatorEndpoint.PathGet },
    };

    [Theory]
    [MemberData(nameof(ExamplesOnTheSamplesData))]
    public async Task TheDocumentedExampleIsAnsweredAsTheCloudCallAnswersIt(string name, SimulatorEndpoint endpoint)
    {
        var method = Method(name);

        var response = await _app.InvokeAsync(method, method.ExampleRequest);

        Assert.True(response.StatusCode == HttpStatusCode.OK, response.BodyText);
        var json = response.Json;
        Assert.Equal($"openapi.logistics.{name}:ok", (string?)json["errMsg"]);
        Assert.Equal(0, (int?)json["errCode"]);
        Assert.All(Keys(json), key => Assert.DoesNotContain('_', key));
        Assert.Equal(1, _simulator.Calls(endpoint));
    }

    [Fact]
    public async Task AGetBackedMethodTakesAnEmptyBodyAndSendsAGet()
    {
        var response = await _app.InvokeAsync(LogisticsMethods.GetAllDelivery, "");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var couriers = response.Json["data"]!.AsArray();
        Assert.Equal((int?)response.Json["count"], couriers.Count);
        Assert.Contains(couriers, c => (string?)c!["deliveryId"] == "SF" && c["serviceType"]!.AsArray().Count > 0);
    }

    [Fact]
    public async Task AnOrderCreatedIsFoundCancelledAndCannotBeCancelledTwice()
    {
        var added = await _app.InvokeAsync(LogisticsMethods.AddOrder, LogisticsMethods.AddOrder.ExampleRequest);
        Assert.True(added.StatusCode == HttpStatusCode.OK, added.BodyText);
        var waybillId = (string?)added.Json["waybillId"];
        Assert.False(string.IsNullOrEmpty(waybillId));
        Assert.NotEmpty(added.Json["waybillData"]!.AsArray());
        var order = $$"""{"orderId":"01234567890123456789","openid":"OPENID","deliveryId":"SF","waybillId":"{{waybillId}}"}""";

        var got = await _app.InvokeAsync(LogisticsMethods.GetOrder, order);
        var batch = await _app.InvokeAsync(LogisticsMethods.BatchGetOrder, $$"""{"orderList":[{"orderId":"01234567890123456789","deliveryId":"SF","waybillId":"{{waybillId}}"},{"orderId":"nobody","deliveryId":"SF"}]}""");
        var cancelled = await _app.InvokeAsync(LogisticsMethods.CancelOrder, order);
        var again = await _app.InvokeAsync(LogisticsMethods.CancelOrder, order);
        var afterwards = await _app.InvokeAsync(LogisticsMethods.GetOrder, order);

        Assert.Equal((HttpStatusCode.OK, 0), (got.StatusCode, (int?)got.Json["orderStatus"]));
        Assert.False(string.IsNullOrEmpty((string?)got.Json["printHtml"]));
        // The batch succeeds as a whole; the unknown order keeps its own errcode, untouched by the conversion.
        Assert.Equal(HttpStatusCode.OK, batch.StatusCode);
        var items = batch.Json["orderList"]!.AsArray();
        Assert.Equal(0, (int?)items[0]!["errcode"]);
        Assert.NotEqual(0, (int?)items[1]!["errcode"]);
        Assert.NotNull((string?)items[1]!["errmsg"]);
        Assert.Equal(HttpStatusCode.OK, cancelled.StatusCode);
        Assert.Equal((HttpStatusCode.Conflict, 9300524), (again.StatusCode, (int?)again.Json["errCode"]));
        Assert.Equal(1, (int?)afterwards.Json["orderStatus"]);
    }

    [Fact]
    public async Task ATestOrdersNewNodeShowsInItsPathAndStopsItsCancellation()
    {
        var add = JsonNode.Parse(LogisticsMethods.AddOrder.ExampleRequest)!.AsObject();
        add["orderId"] = "test-order-1";
        add["deliveryId"] = MagicValues.TestDeliveryId;
        add["bizId"] = MagicValues.TestBizId;
        var added = await _app.InvokeAsync(LogisticsMethods.AddOrder, add.ToJsonString());
        var waybillId = (string?)added.Json["waybillId"];

        var update = await _app.InvokeAsync(LogisticsMethods.TestUpdateOrder, $$"""{"bizId":"test_biz_id","orderId":"test-order-1","deliveryId":"TEST","waybillId":"{{waybillId}}","actionTime":1700000000,"actionType":100001,"actionMsg":"揽件成功"}""");
        var path = await _app.InvokeAsync(LogisticsMethods.GetPath, $$"""{"orderId":"test-order-1","deliveryId":"TEST","waybillId":"{{waybillId}}"}""");
        var cancel = await _app.InvokeAsync(LogisticsMethods.CancelOrder, $$"""{"orderId":"test-order-1","deliveryId":"TEST","waybillId":"{{waybillId}}"}""");

        Assert.True(update.StatusCode == HttpStatusCode.OK, update.BodyText);
        Assert.Equal("openapi.logistics.testUpdateOrder:ok", (string?)update.Json["errMsg"]);
        var node = Assert.Single(path.Json["pathItemList"]!.AsArray());
        Assert.Equal(("揽件成功", 100001), ((string?)node!["actionMsg"], (int?)node["actionType"]));
        Assert.Equal((HttpStatusCode.Conflict, 9300506), (cancel.StatusCode, (int?)cancel.Json["errCode"]));
    }

    [Fact]
    public async Task ACouriersRefusalKeepsItsOwnResultCodeAndMessage()
    {
        var add = JsonNode.Parse(LogisticsMethods.AddOrder.ExampleRequest)!.AsObject();
        add["deliveryId"] = MagicValues.PasswordChangedDeliveryId;
        add["bizId"] = MagicValues.PasswordChangedBizId;

        var response = await _app.InvokeAsync(LogisticsMethods.AddOrder, add.ToJsonString());

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(9300501, (int?)response.Json["errCode"]);
        Assert.StartsWith("openapi.logistics.addOrder:fail ", (string?)response.Json["errMsg"], StringComparison.Ordinal);
        Assert.Equal(MagicValues.PasswordChangedResultCode, (int?)response.Json["deliveryResultcode"]);
        Assert.Equal(MagicValues.PasswordChangedResultMsg, (string?)response.Json["deliveryResultmsg"]);
    }

    [Fact]
    public async Task TheQuotaGoesDownAndAnAccountOutOfItIsRefused403()
    {
        var add = JsonNode.Parse(LogisticsMethods.AddOrder.ExampleRequest)!.AsObject();
        add["deliveryId"] = MagicValues.LowQuotaDeliveryId;
        add["bizId"] = MagicValues.LowQuotaBizId;
        var quota = $$"""{"deliveryId":"{{MagicValues.LowQuotaDeliveryId}}","bizId":"{{MagicValues.LowQuotaBizId}}"}""";

        var before = (int?)(await _app.InvokeAsync(LogisticsMethods.GetQuota, quota)).Json["quotaNum"];
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++)
        {
            add["orderId"] = $"low-quota-{i}";
            statuses.Add((await _app.InvokeAsync(LogisticsMethods.AddOrder, add.ToJsonString())).StatusCode);
        }

        var after = (int?)(await _app.InvokeAsync(LogisticsMethods.GetQuota, quota)).Json["quotaNum"];
        Assert.Equal((2, 0), (before, after));
        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.Forbidden], statuses);
    }

    [Theory]
    [InlineData("""{"type":"bind","bizId":"new-yto","deliveryId":"YTO","password":"wrong-password"}""", HttpStatusCode.BadRequest, 9300531)]
    [InlineData("""{"type":"bind","bizId":"xyz","deliveryId":"YTO","password":"x"}""", HttpStatusCode.Conflict, 9300529)]
    [InlineData("""{"type":"bind","bizId":"new-ems","deliveryId":"EMS","password":"x"}""", HttpStatusCode.Conflict, 9300532)]
    [InlineData("""{"type":"unbind","bizId":"never-bound","deliveryId":"YTO"}""", HttpStatusCode.NotFound, 9300530)]
    public async Task BindingErrcodesMapAsTheTableSays(string body, HttpStatusCode status, int errCode)
    {
        var response = await _app.InvokeAsync(LogisticsMethods.BindAccount, body);

        Assert.Equal((status, errCode), (response.StatusCode, (int?)response.Json["errCode"]));
    }

    [Fact]
    public async Task ABoundAccountAndAPrinterShowInTheirLists()
    {
        await _app.InvokeAsync(LogisticsMethods.BindAccount, """{"type":"bind","bizId":"new-yto","deliveryId":"YTO","password":"x"}""");
        await _app.InvokeAsync(LogisticsMethods.UpdatePrinter, """{"openid":"o-new-printer","updateType":"bind","tagidList":"7,8"}""");

        var accounts = await _app.InvokeAsync(LogisticsMethods.GetAllAccount, "{}");
        var printers = await _app.InvokeAsync(LogisticsMethods.GetPrinter, "{}");

        Assert.Contains(accounts.Json["list"]!.AsArray(), a => (string?)a!["bizId"] == "new-yto" && (string?)a["deliveryId"] == "YTO");
        Assert.Contains("o-new-printer", printers.Json["openid"]!.AsArray().Select(o => (string?)o));
    }

    [Theory]
    [InlineData("getQuota", """{"deliveryId":"YTO"}""", "bizId is required")]
    [InlineData("addOrder", """{"addSource":0}""", "orderId is required")]
    [InlineData("bindAccount", """{"type":"bind","bizId":"1","deliveryId":"YTO","passwd":"x"}""", "unknown field 'passwd'")]
    [InlineData("cancelOrder", """{"orderId":"1","deliveryId":"SF","waybillId":1}""", "waybillId must be a string")]
    [InlineData("testUpdateOrder", """{"bizId":"test_biz_id","orderId":"1","deliveryId":"TEST","waybillId":"1","actionTime":"now","actionType":1,"actionMsg":"x"}""", "actionTime must be an integer")]
    [InlineData("getAllAccount", """{"x":1}""", "unknown field 'x'")]
    public async Task ABadRequestIs400NamingTheFieldAndNothingGoesUpstream(string name, string body, string reason)
    {
        var response = await _app.InvokeAsync(Method(name), body);

        Assert.Equal((HttpStatusCode.BadRequest, 47001), (response.StatusCode, (int?)response.Json["errCode"]));
        Assert.StartsWith($"openapi.logistics.{name}:fail {reason}", (string?)response.Json["errMsg"], StringComparison.Ordinal);
        Assert.Equal(0, _simulator.StableTokenCalls);
        Assert.All(Enum.GetValues<SimulatorEndpoint>(), endpoint => Assert.Equal(0, _simulator.Calls(endpoint)));
    }

    [Fact]
    public async Task AnUnknownOrderIs404()
    {
        var response = await _app.InvokeAsync(LogisticsMethods.GetOrder, """{"orderId":"nobody","deliveryId":"SF"}""");

        Assert.Equal((HttpStatusCode.NotFound, 930563), (response.StatusCode, (int?)response.Json["errCode"]));
    }

    private static CloudCallMethod Method(string name) => LogisticsMethods.All.Single(m => m.Name == name);

    private static IEnumerable<string> Keys(JsonNode? node) => node switch
    {
        JsonObject members => members.SelectMany(m => Keys(m.Value).Prepend(m.Key)),
        JsonArray items => items.SelectMany(Keys),
        _ => [],
    };
}
