using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using LogisticsFunctions.CloudCall;
using LogisticsFunctions.CloudCall.Methods;
using LogisticsFunctions.CloudCall.Schema;
using LogisticsFunctions.WeChat.Http;

namespace LogisticsFunctions.Tests.CloudCall;

/// <summary>The declared request schemas: what a caller may send, what WeChat then gets, and what is refused by name.</summary>
public sealed class CloudCallRequestReaderTests
{
    private static (bool Ok, string? WeChatBody, CloudCallError? Error) Read(CloudCallMethod method, string body)
    {
        var ok = CloudCallRequestReader.TryRead(method, Encoding.UTF8.GetBytes(body), out var weChatBody, out var error);
        return (ok, ok ? Encoding.UTF8.GetString(weChatBody.Span) : null, error);
    }

    private static string Refusal(CloudCallMethod method, string body)
    {
        var (ok, _, error) = Read(method, body);
        Assert.False(ok, $"{method.Name} accepted {body}");
        Assert.Equal((HttpStatusCode.BadRequest, 47001), (error!.Status, error.ErrCode));
        return error.Reason;
    }

    [Fact]
    public void GetPathSendsWeChatTheSnakeCaseNamesAndTheValuesAsGiven()
    {
        var (ok, weChat, _) = Read(LogisticsMethods.GetPath, """{"openid":"oABC123456","orderId":"01234567890123456789","deliveryId":"SF","waybillId":"123456789"}""");

        Assert.True(ok);
        Assert.Equal("""{"openid":"oABC123456","order_id":"01234567890123456789","delivery_id":"SF","waybill_id":"123456789"}""", weChat);
    }

    [Theory]
    [InlineData("""{"order_id":"1","delivery_id":"SF","waybill_id":"2"}""")]
    [InlineData("""{"OrderId":"1","deliveryId":"SF","waybill_id":"2"}""")]
    [InlineData("""{"order\u005fid":"1","deliveryId":"SF","waybillId":"2"}""")]
    public void EverySpellingTheCloudCallTurnsIntoTheWireNameIsAccepted(string body)
    {
        var (ok, weChat, _) = Read(LogisticsMethods.GetPath, body);

        Assert.True(ok);
        Assert.Equal("""{"order_id":"1","delivery_id":"SF","waybill_id":"2"}""", weChat);
    }

    [Theory]
    [InlineData("""{"orderId":"1","deliveryId":"SF","waybillId":"2"}""")]
    [InlineData("""{"orderId":"1","openid":null,"deliveryId":"SF","waybillId":"2"}""")]
    public void AnOptionalParameterAbsentOrNullIsNotSent(string body) =>
        Assert.Equal("""{"order_id":"1","delivery_id":"SF","waybill_id":"2"}""", Read(LogisticsMethods.GetPath, body).WeChatBody);

    [Theory]
    [InlineData("""{"deliveryId":"SF","waybillId":"2"}""", "orderId is required")]
    [InlineData("""{"orderId":"1","waybillId":"2"}""", "deliveryId is required")]
    [InlineData("""{"orderId":"1","deliveryId":"SF"}""", "waybillId is required")]
    [InlineData("""{"orderId":null,"deliveryId":"SF","waybillId":"2"}""", "orderId is required")]
    [InlineData("""{"orderId":1,"deliveryId":"SF","waybillId":"2"}""", "orderId must be a string")]
    [InlineData("""{"orderId":"1","deliveryId":["SF"],"waybillId":"2"}""", "deliveryId must be a string")]
    [InlineData("""{"orderId":"1","deliveryId":"SF","waybillId":{"a":1}}""", "waybillId must be a string")]
    [InlineData("""{"orderId":"1","openid":42,"deliveryId":"SF","waybillId":"2"}""", "openid must be a string")]
    [InlineData("""{"orderId":"  ","deliveryId":"SF","waybillId":"2"}""", "orderId must not be blank")]
    [InlineData("""{"orderId":"","deliveryId":"SF","waybillId":"2"}""", "orderId must not be blank")]
    [InlineData("""{"orderId":"1","deliveryId":"S\u0000F","waybillId":"2"}""", "deliveryId must not contain control characters")]
    [InlineData("""{"orderId":"1","deliveryId":"SF","waybillId":"2\n"}""", "waybillId must not contain control characters")]
    [InlineData("""{"orderId":" 1","deliveryId":"SF","waybillId":"2"}""", "orderId must not start or end with white space")]
    [InlineData("""{"orderId":"1","orderId":"2","deliveryId":"SF","waybillId":"2"}""", "orderId is given more than once")]
    [InlineData("""{"orderId":"1","order_id":"2","deliveryId":"SF","waybillId":"2"}""", "orderId and order_id are the same parameter (order_id): give it once")]
    [InlineData("""{"orderID":"1","deliveryId":"SF","waybillId":"2"}""", "unknown field 'orderID': expected orderId, openid, deliveryId or waybillId")]
    [InlineData("""[]""", "request body must be a JSON object")]
    [InlineData("""  "text" """, "request body must be a JSON object")]
    [InlineData("""{"orderId":"1",""", "request body is not valid JSON")]
    [InlineData("""<html></html>""", "request body is not valid JSON")]
    [InlineData("""{"orderId":"1","deliveryId":"SF","waybillId":"2"} trailing""", "request body is not valid JSON")]
    [InlineData("""{"orderId":"\ud800","deliveryId":"SF","waybillId":"2"}""", "request body holds text that is not valid Unicode")]
    [InlineData("", "request body is empty: send a JSON object with orderId, deliveryId and waybillId")]
    public void AnInvalidGetPathBodyIsRefusedNamingTheProblem(string body, string reason) =>
        Assert.Equal(reason, Refusal(LogisticsMethods.GetPath, body));

    [Theory]
    [InlineData("orderId", 513)]
    [InlineData("openid", 129)]
    [InlineData("deliveryId", 65)]
    [InlineData("waybillId", 129)]
    public void AnOverLongFieldIsRefused(string field, int length)
    {
        var fields = new JsonObject { ["orderId"] = "1", ["deliveryId"] = "SF", ["waybillId"] = "2" };
        fields[field] = new string('x', length);

        Assert.Equal($"{field} is longer than {length - 1} bytes", Refusal(LogisticsMethods.GetPath, fields.ToJsonString()));
    }

    [Fact]
    public void LimitsCountBytesOfUtf8AsWeChatDoes()
    {
        // 171 Chinese characters are 513 bytes: one byte over order_id's 512.
        var body = new JsonObject { ["orderId"] = new string('单', 171), ["deliveryId"] = "SF", ["waybillId"] = "2" };

        Assert.Equal("orderId is longer than 512 bytes", Refusal(LogisticsMethods.GetPath, body.ToJsonString()));
    }

    [Fact]
    public void ABodyOverTheCapIsRefusedWithoutParsing()
    {
        var body = new byte[CloudCallRequestReader.MaxBodyBytes + 1];

        Assert.False(CloudCallRequestReader.TryRead(LogisticsMethods.GetPath, body, out _, out var error));
        Assert.Equal("request body is larger than 65536 bytes", error!.Reason);
    }

    [Fact]
    public void AnUnknownFieldWithAnOddNameIsNotEchoed() =>
        Assert.DoesNotContain("script", Refusal(LogisticsMethods.GetPath, """{"<script>":"1","orderId":"1","deliveryId":"SF","waybillId":"2"}"""), StringComparison.Ordinal);

    [Fact]
    public void InvalidUtf8IsRefusedAsSuch()
    {
        var body = Encoding.UTF8.GetBytes("""{"orderId":"1","deliveryId":"SF","waybillId":"#2"}""");
        body[Array.IndexOf(body, (byte)'#')] = 0xBB;

        Assert.False(CloudCallRequestReader.TryRead(LogisticsMethods.GetPath, body, out _, out var error));
        Assert.Equal("request body is not valid UTF-8", error!.Reason);
    }

    [Fact]
    public void ChineseTextGoesToWeChatAsRawUtf8() =>
        Assert.Equal("""{"order_id":"订单-1","delivery_id":"SF","waybill_id":"2"}""", Read(LogisticsMethods.GetPath, """{"orderId":"订单-1","deliveryId":"SF","waybillId":"2"}""").WeChatBody);

    [Theory]
    [InlineData("")]
    [InlineData("  ")]
    [InlineData("{}")]
    public void TheGetBackedMethodsTakeAnEmptyBodyOrAnEmptyObject(string body)
    {
        foreach (var method in new[] { LogisticsMethods.GetAllDelivery, LogisticsMethods.GetAllAccount, LogisticsMethods.GetPrinter })
        {
            var (ok, weChat, _) = Read(method, body);

            Assert.True(ok, method.Name);
            Assert.Equal("", weChat);
        }
    }

    [Fact]
    public void AParameterAMethodDoesNotTakeIsRefusedByName() =>
        Assert.Equal("unknown field 'deliveryId': this call takes no parameters", Refusal(LogisticsMethods.GetAllDelivery, """{"deliveryId":"SF"}"""));

    [Fact]
    public void EveryMethodsDocumentedExampleIsAcceptedAndNothingIsLostOnTheWay()
    {
        foreach (var method in LogisticsMethods.All)
        {
            var (ok, weChat, error) = Read(method, method.ExampleRequest);

            Assert.True(ok, $"{method.Name}: {error?.Reason}");
            if (method.Api.Method == HttpMethod.Post)
            {
                // The wire body is the example with every key in snake_case, at every depth.
                Assert.True(JsonNode.DeepEquals(SnakeCase(JsonNode.Parse(method.ExampleRequest)), JsonNode.Parse(weChat!)), $"{method.Name}: {weChat}");
            }
        }
    }

    [Theory]
    [InlineData("""{"sender":{"name":"张三","province":"广东省","city":"广州市","area":"海珠区","address":"XX路"}}""", "sender.mobile or sender.tel is required")]
    [InlineData("""{"sender":{"name":"张三","mobile":"1","fax":"2","province":"广东省","city":"广州市","area":"海珠区","address":"XX路"}}""", "unknown field 'fax' in sender: expected name, tel, mobile, company, postCode, country, province, city, area or address")]
    [InlineData("""{"sender":{"name":"张三","mobile":"1234567890123456789012345678901234","province":"广东省","city":"广州市","area":"海珠区","address":"XX路"}}""", "sender.mobile is longer than 32 bytes")]
    [InlineData("""{"receiver":{"name":"王","mobile":"1","province":"p","city":"c","area":"a","address":"x","post_code":"12345678901"}}""", "receiver.post_code is longer than 10 bytes")]
    [InlineData("""{"cargo":{"count":2,"weight":1.2,"spaceX":20,"spaceY":15,"spaceZ":10,"detailList":[{"name":"一本书","count":1}]}}""", "cargo.count must equal the number of items in cargo.detailList (1)")]
    [InlineData("""{"cargo":{"count":1,"weight":"1.2","spaceX":20,"spaceY":15,"spaceZ":10,"detailList":[{"name":"一本书","count":1}]}}""", "cargo.weight must be a number")]
    [InlineData("""{"cargo":{"count":1,"weight":1.2,"spaceX":20,"spaceY":15,"spaceZ":10,"detailList":[{"name":"一本书","count":1.5}]}}""", "cargo.detailList[0].count must be an integer")]
    [InlineData("""{"insured":{"useInsured":2,"insuredValue":1}}""", "insured.useInsured must be between 0 and 1")]
    [InlineData("""{"addSource":2,"wxAppid":"wx1"}""", "openid must not be given when addSource is 2")]
    [InlineData("""{"addSource":2,"openid":null}""", "wxAppid is required when addSource is 2")]
    [InlineData("""{"openid":null}""", "openid is required when addSource is 0")]
    [InlineData("""{"openid":""}""", "openid is required when addSource is 0")]
    [InlineData("""{"openid":" "}""", "openid must not be blank")]
    [InlineData("""{"addSource":2,"wxAppid":"","openid":""}""", "wxAppid is required when addSource is 2")]
    [InlineData("""{"sender":{"name":"张三","tel":"","mobile":"","province":"广东省","city":"广州市","area":"海珠区","address":"XX路"}}""", "sender.mobile or sender.tel is required")]
    [InlineData("""{"shop":{"wxaPath":"/p"}}""", "shop.goodsName, shop.imgUrl or shop.detailList is required: nothing describes the goods")]
    [InlineData("""{"shop":{"wxaPath":"/p","goodsName":"","imgUrl":"","goodsCount":0,"detailList":[]}}""", "shop.goodsName, shop.imgUrl or shop.detailList is required: nothing describes the goods")]
    [InlineData("""{"shop":{"wxaPath":"/p","detailList":[{"goodsName":"包"},{"goodsDesc":""}]}}""", "shop.detailList[1].goodsName, shop.detailList[1].goodsImgUrl or shop.detailList[1].goodsDesc is required: nothing describes the goods")]
    [InlineData("""{"shop":{"goodsName":"包"}}""", "shop.wxaPath is required")]
    public void AddOrdersNestedFieldsAreCheckedAndRefusedByTheirPath(string change, string reason)
    {
        var body = JsonNode.Parse(LogisticsMethods.AddOrder.ExampleRequest)!.AsObject();
        foreach (var (key, value) in JsonNode.Parse(change)!.AsObject())
        {
            body[key] = value?.DeepClone();
        }

        Assert.Equal(reason, Refusal(LogisticsMethods.AddOrder, body.ToJsonString()));
    }

    [Theory]
    [InlineData("""{"shop":{"wxaPath":"/p","detailList":[{"goodsName":"一千个小心心","goodsImgUrl":"https://mmbiz.qpic.cn/1.png"}]}}""")]
    [InlineData("""{"shop":{"wxaPath":"/p","goodsName":"一千个小心心"}}""")]
    [InlineData("""{"shop":{"wxaPath":"/p","imgUrl":"https://mmbiz.qpic.cn/1.png","goodsCount":0}}""")]
    [InlineData("""{"shop":{"wxaPath":"/p","detailList":[{"goodsDesc":"小心心"}]}}""")]
    public void AShopDescribedEitherWayIsSentAsGiven(string change)
    {
        var body = JsonNode.Parse(LogisticsMethods.AddOrder.ExampleRequest)!.AsObject();
        body["shop"] = JsonNode.Parse(change)!["shop"]!.DeepClone();

        var (ok, weChat, error) = Read(LogisticsMethods.AddOrder, body.ToJsonString());

        Assert.True(ok, error?.Reason);
        Assert.True(JsonNode.DeepEquals(SnakeCase(body["shop"]), JsonNode.Parse(weChat!)!["shop"]), weChat);
    }

    [Theory]
    [InlineData("bindAccount", """{"type":"bind","bizId":"010K1234567","deliveryId":"JD","password":""}""", """{"type":"bind","biz_id":"010K1234567","delivery_id":"JD","password":""}""")]
    [InlineData("getPath", """{"orderId":"1","openid":"","deliveryId":"SF","waybillId":"2"}""", """{"order_id":"1","openid":"","delivery_id":"SF","waybill_id":"2"}""")]
    [InlineData("updatePrinter", """{"openid":"o","updateType":"unbind","tagidList":""}""", """{"openid":"o","update_type":"unbind","tagid_list":""}""")]
    public void AnEmptyOptionalStringIsSentAsTheCloudCallSendsIt(string name, string body, string expected) =>
        Assert.Equal(expected, Read(LogisticsMethods.All.Single(m => m.Name == name), body).WeChatBody);

    [Fact]
    public void ABooleanIsReadAsTrueOrFalseOnly()
    {
        var method = new CloudCallMethod("flagged", WeChatApi.PostRead("p"), new ObjectSchema("d", [new Member("flag", new BooleanField("f"), required: true)]), new ObjectSchema("a", []), "s", "{}");

        Assert.Equal("""{"flag":true}""", Read(method, """{"flag":true}""").WeChatBody);
        Assert.Equal("flag must be true or false", Refusal(method, """{"flag":"true"}"""));
    }

    [Theory]
    [InlineData("123", true)]
    [InlineData("123,456", true)]
    [InlineData("1,2,3,4,5,6,7,8,9,10", true)]
    [InlineData("1,2,3,4,5,6,7,8,9,10,11", false)]
    [InlineData("123, 456", false)]
    [InlineData("123,", false)]
    public void UpdatePrintersTagIdListIsTheCommaSeparatedStringWeChatWants(string tagIds, bool accepted)
    {
        var body = new JsonObject { ["openid"] = "OPENID", ["updateType"] = "bind", ["tagidList"] = tagIds }.ToJsonString();

        var (ok, weChat, error) = Read(LogisticsMethods.UpdatePrinter, body);

        Assert.Equal(accepted, ok);
        if (accepted)
        {
            Assert.Equal($$"""{"openid":"OPENID","update_type":"bind","tagid_list":"{{tagIds}}"}""", weChat);
        }
        else
        {
            Assert.Equal("tagidList must be a comma-separated string of at most 10 tag ids without spaces, e.g. \"123,456\"", error!.Reason);
        }
    }

    [Fact]
    public void UpdatePrintersTagIdListAsAnArrayIsRefusedSayingWhatWeChatWants() =>
        Assert.Equal("tagidList must be a string", Refusal(LogisticsMethods.UpdatePrinter, """{"openid":"OPENID","updateType":"bind","tagidList":["123"]}"""));

    [Theory]
    [InlineData("""{"type":"link","bizId":"1","deliveryId":"YTO"}""", "type must be 'bind' or 'unbind'")]
    [InlineData("""{"bizId":"test_biz_id","orderId":"1","deliveryId":"SF","waybillId":"1","actionTime":1,"actionType":1,"actionMsg":"x"}""", "deliveryId must be 'TEST'")]
    public void FixedValuesAreChecked(string body, string reason)
    {
        var method = body.Contains("\"type\"", StringComparison.Ordinal) ? LogisticsMethods.BindAccount : LogisticsMethods.TestUpdateOrder;

        Assert.Equal(reason, Refusal(method, body));
    }

    [Fact]
    public void BatchGetOrderTakesAtMostAHundredOrders()
    {
        var orders = new JsonArray([.. Enumerable.Range(0, 101).Select(i => (JsonNode)new JsonObject { ["orderId"] = $"o{i}", ["deliveryId"] = "SF" })]);

        Assert.Equal("orderList has more than 100 items", Refusal(LogisticsMethods.BatchGetOrder, new JsonObject { ["orderList"] = orders }.ToJsonString()));
        Assert.Equal("orderList must have at least 1 item", Refusal(LogisticsMethods.BatchGetOrder, """{"orderList":[]}"""));
    }

    private static JsonNode? SnakeCase(JsonNode? node) => node switch
    {
        JsonObject members => new JsonObject(members.Select(m => KeyValuePair.Create(CloudCallKeys.ToSnakeCase(m.Key), SnakeCase(m.Value)))),
        JsonArray items => new JsonArray([.. items.Select(SnakeCase)]),
        _ => node?.DeepClone(),
    };
}
