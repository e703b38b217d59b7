using System.Text;
using System.Text.Json.Nodes;
using LogisticsFunctions.CloudCall;
using LogisticsFunctions.Tests.Seed;

namespace LogisticsFunctions.Tests.CloudCall;

public sealed class CloudCallAnswerWriterTests
{
    private const string ApiName = "openapi.logistics.getPath";

    private static string Convert(string weChatJson)
    {
        using var output = new PooledBufferWriter(16);
        CloudCallAnswerWriter.WriteSuccess(Encoding.UTF8.GetBytes(weChatJson), ApiName, output);
        return Encoding.UTF8.GetString(output.WrittenMemory.Span);
    }

    private static string Fail(int errCode, string errMsg, string weChatJson)
    {
        using var output = new PooledBufferWriter(16);
        CloudCallAnswerWriter.WriteFailure(errCode, errMsg, Encoding.UTF8.GetBytes(weChatJson), output);
        return Encoding.UTF8.GetString(output.WrittenMemory.Span);
    }

    [Fact]
    public void TheSeedsAnswerComesOutAsTheSeedShowsIt()
    {
        var converted = Convert(SeedExample.WeChatAnswer);

        Assert.Equal(SeedExample.ExpectedAnswerJson(), converted);
    }

    [Fact]
    public void ErrcodeAndErrmsgAreReplacedByErrMsgAndErrCode()
    {
        var converted = JsonNode.Parse(Convert("""{"errcode":0,"errmsg":"ok","waybill_id":"1"}"""))!.AsObject();

        Assert.Equal(["waybillId", "errMsg", "errCode"], converted.Select(p => p.Key));
        Assert.Equal("openapi.logistics.getPath:ok", (string?)converted["errMsg"]);
        Assert.Equal(0, (int?)converted["errCode"]);
    }

    [Theory]
    [InlineData("""{"errc\u006fde":0,"errms\u0067":"ok","a":1}""")]
    [InlineData("""{"errMsg":"WeChat's own","errCode":5,"a":1}""")]
    [InlineData("""{"err_msg":"WeChat's own","err_code":5,"a":1}""")]
    [InlineData("""{"err\u005fmsg":"WeChat's own","a":1}""")]
    public void EveryKeyThatWouldBeErrMsgOrErrCodeIsReplacedSoEachNameIsWrittenOnce(string weChat)
    {
        var converted = Convert(weChat);

        Assert.Equal("""{"a":1,"errMsg":"openapi.logistics.getPath:ok","errCode":0}""", converted);
    }

    [Theory]
    [InlineData("""{"_a":1,"A":2}""", """{"A":1}""")]
    [InlineData("""{"A":2,"_a":1}""", """{"A":1}""")]
    [InlineData("""{"a_b_c":1,"a_bC":2}""", """{"aBC":2}""")]
    [InlineData("""{"a":1,"a":2}""", """{"a":2}""")]
    [InlineData("""{"x":{"_a_b":1,"_aB":2,"_a_b":3}}""", """{"x":{"AB":2}}""")]
    [InlineData("""{"list":[{"item_id":1,"itemId":2}]}""", """{"list":[{"itemId":1}]}""")]
    public void KeysThatMeetUnderOneNameAreWrittenOnceWithTheSdksPrecedence(string weChat, string expected)
    {
        var converted = JsonNode.Parse(Convert(weChat))!.AsObject();
        converted.Remove("errMsg");
        converted.Remove("errCode");

        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(expected), converted), $"{weChat} gave {converted.ToJsonString()}");
    }

    [Fact]
    public void AnObjectWithManyKeysIsWrittenWhole()
    {
        var keys = Enumerable.Range(0, 500).Select(i => $"\"key_{i}\":{i}");
        var converted = JsonNode.Parse(Convert("{" + string.Join(',', keys) + "}"))!.AsObject();

        Assert.Equal(502, converted.Count);
        Assert.Equal(499, (int?)converted["key_499"]);
    }

    [Fact]
    public void NestedObjectsAndObjectsInArraysAreConvertedAtEveryDepth()
    {
        var converted = Convert("""{"outer_key":{"inner_key":[{"deep_key":{"deeper_key":1}},[{"in_nested_array":true}]]}}""");

        Assert.Equal(
            """{"outerKey":{"innerKey":[{"deepKey":{"deeperKey":1}},[{"inNestedArray":true}]]},"errMsg":"openapi.logistics.getPath:ok","errCode":0}""",
            converted);
    }

    [Fact]
    public void ErrcodeDeeperDownIsAnOrdinaryFieldAndStays()
    {
        var converted = Convert("""{"order_list":[{"errcode":9300503,"errmsg":"unknown delivery_id","order_id":"1"}]}""");

        Assert.StartsWith("""{"orderList":[{"errcode":9300503,"errmsg":"unknown delivery_id","orderId":"1"}]""", converted, StringComparison.Ordinal);
    }

    [Fact]
    public void ValuesPassThroughUntouched()
    {
        var converted = Convert("""{"big_id":12345678901234567890123,"ratio":1.50,"neg":-0,"flag":false,"none":null,"text_value":"a_b \"quoted\" \u00e9 快递 😀","unicode_escaped":"\u5feb"}""");
        var parsed = JsonNode.Parse(converted)!.AsObject();

        Assert.Contains("\"bigId\":12345678901234567890123", converted, StringComparison.Ordinal);
        Assert.Contains("\"ratio\":1.50", converted, StringComparison.Ordinal);
        Assert.Contains("\"neg\":-0", converted, StringComparison.Ordinal);
        Assert.Equal("a_b \"quoted\" é 快递 😀", (string?)parsed["textValue"]);
        Assert.Equal("快", (string?)parsed["unicodeEscaped"]);
        Assert.False((bool)parsed["flag"]!);
        Assert.Null(parsed["none"]);
        Assert.Contains("快递", converted, StringComparison.Ordinal);
    }

    [Fact]
    public void FieldsWeChatAddsLaterPassThroughConverted()
    {
        var converted = JsonNode.Parse(Convert("""{"waybill_id":"1","new_field_2026":{"sub_field":"v"},"field_1":1}"""))!.AsObject();

        Assert.Equal("v", (string?)converted["newField_2026"]!["subField"]);
        Assert.Equal(1, (int?)converted["field_1"]);
    }

    [Fact]
    public void EscapedKeysAreConvertedToo()
    {
        var converted = Convert("""{"path\u005fitem":1}""");

        Assert.StartsWith("""{"pathItem":1""", converted, StringComparison.Ordinal);
    }

    [Fact]
    public void AFailureKeepsTheOtherFieldsOfWeChatsErrorAnswerConverted()
    {
        var failure = Fail(9300501, "openapi.logistics.addOrder:fail delivery logic fail", """{"errcode":9300501,"errmsg":"delivery logic fail","delivery_resultcode":10002,"delivery_resultmsg":"客户密码不正确"}""");

        Assert.Equal(
            """{"errCode":9300501,"errMsg":"openapi.logistics.addOrder:fail delivery logic fail","deliveryResultcode":10002,"deliveryResultmsg":"客户密码不正确"}""",
            failure);
    }

    [Fact]
    public void AFailureWithoutWeChatsAnswerIsErrCodeAndErrMsgAlone() =>
        Assert.Equal("""{"errCode":-604102,"errMsg":"x:fail late"}""", Fail(-604102, "x:fail late", ""));
}
