using System.Buffers;
using System.Text;
using System.Text.Json.Nodes;
using LogisticsFunctions.Tests.Seed;
using LogisticsFunctions.WeChat.CloudCall;

namespace LogisticsFunctions.Tests.CloudCall;

public sealed class CloudCallAnswerWriterTests
{
    private const string ApiName = "openapi.logistics.getPath";

    private static string Convert(string weChatJson)
    {
        var output = new ArrayBufferWriter<byte>();
        CloudCallAnswerWriter.WriteSuccess(Encoding.UTF8.GetBytes(weChatJson), ApiName, output);
        return Encoding.UTF8.GetString(output.WrittenSpan);
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
        var converted = Convert("""{"item":{"errcode":5,"errmsg":"x"}}""");

        Assert.StartsWith("""{"item":{"errcode":5,"errmsg":"x"}""", converted, StringComparison.Ordinal);
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
}
