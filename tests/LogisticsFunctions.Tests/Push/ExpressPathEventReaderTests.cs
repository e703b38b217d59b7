using System.Text;
using System.Text.Json.Nodes;
using LogisticsFunctions.WeChat.Push;

namespace LogisticsFunctions.Tests.Push;

/// <summary>XML and JSON messages become the same event JSON; what is not an event of that shape is refused by name.</summary>
public sealed class ExpressPathEventReaderTests
{
    private const string ExpectedJson =
        """{"ToUserName":"gh_0123456789ab","FromUserName":"oOPENID0123456789","CreateTime":1546924844,"MsgType":"event","Event":"add_express_path","DeliveryID":"SF","WayBillId":"SF1234567890123","OrderId":"01234567890123456789","Version":2,"Count":2,"Actions":[{"ActionTime":1546924840,"ActionType":100001,"ActionMsg":"小哥A揽件成功"},{"ActionTime":1546924841,"ActionType":200001,"ActionMsg":"到达广州集包地 <&> \"运往\" ]]> 目的地"}]}""";

    [Theory]
    [InlineData(TestPushFormat.Xml)]
    [InlineData(TestPushFormat.Json)]
    public void BothFormatsGiveTheSameJsonWithWeChatsNamesAndNumbersAsNumbers(TestPushFormat format)
    {
        var json = ToJson(new TestExpressPath().Serialize(format));

        Assert.Equal(ExpectedJson, json);
    }

    [Fact]
    public void WeChatsOwnDocumentedXmlExampleIsRead()
    {
        const string xml = """
            <xml>
              <ToUserName><![CDATA[toUser]]></ToUserName>
              <FromUserName><![CDATA[fromUser]]></FromUserName>
              <CreateTime>1546924844</CreateTime>
              <MsgType><![CDATA[event]]></MsgType>
              <Event><![CDATA[add_express_path]]></Event>
              <DeliveryID><![CDATA[SF]]></DeliveryID>
              <WayBillId><![CDATA[123456789]]></WayBillId>
              <Version>2</Version>
              <Count>3</Count>
              <Actions>
                <ActionTime>1546924840</ActionTime>
                <ActionType>100001</ActionType>
                <ActionMsg><![CDATA[小哥A揽件成功]]></ActionMsg>
              </Actions>
              <Actions>
                <ActionTime>1546924841</ActionTime>
                <ActionType>200001</ActionType>
                <ActionMsg><![CDATA[到达广州集包地]]></ActionMsg>
              </Actions>
              <Actions>
                <ActionTime>1546924842</ActionTime>
                <ActionType>200001</ActionType>
                <ActionMsg><![CDATA[运往目的地]]></ActionMsg>
              </Actions>
            </xml>
            """;

        var json = JsonNode.Parse(ToJson(xml))!.AsObject();

        Assert.Equal(["ToUserName", "FromUserName", "CreateTime", "MsgType", "Event", "DeliveryID", "WayBillId", "Version", "Count", "Actions"], json.Select(p => p.Key));
        Assert.Equal(3, json["Actions"]!.AsArray().Count);
        Assert.Equal("运往目的地", (string?)json["Actions"]![2]!["ActionMsg"]);
        Assert.Equal(1546924842, (long?)json["Actions"]![2]!["ActionTime"]);
    }

    [Theory]
    [InlineData(TestPushFormat.Xml)]
    [InlineData(TestPushFormat.Json)]
    public void ASingleActionIsStillAnArrayAndNoActionsIsAnEmptyOne(TestPushFormat format)
    {
        var one = JsonNode.Parse(ToJson(new TestExpressPath { Actions = [new(1, 2, "x")] }.Serialize(format)))!;
        var none = JsonNode.Parse(ToJson(new TestExpressPath { Actions = [] }.Serialize(format)))!;

        Assert.Single(one["Actions"]!.AsArray());
        Assert.Empty(none["Actions"]!.AsArray());
        Assert.Equal(0, (long?)none["Count"]);
    }

    [Theory]
    [InlineData(TestPushFormat.Xml)]
    [InlineData(TestPushFormat.Json)]
    public void OrderIdIsLeftOutWhenWeChatDidNotSendIt(TestPushFormat format)
    {
        var json = JsonNode.Parse(ToJson(new TestExpressPath { OrderId = null }.Serialize(format)))!.AsObject();

        Assert.False(json.ContainsKey("OrderId"));
    }

    [Fact]
    public void JsonNumbersGivenAsStringsAreReadAsNumbers()
    {
        var json = new TestExpressPath().ToJsonObject();
        json["Version"] = "7";
        json["CreateTime"] = "1546924844";

        Assert.Equal(7, (long?)JsonNode.Parse(ToJson(json.ToJsonString()))!["Version"]);
    }

    [Theory]
    [InlineData("WayBillId", null, "WayBillId is missing")]
    [InlineData("DeliveryID", "", "DeliveryID is empty")]
    [InlineData("Version", "v2", "Version must be a non-negative integer")]
    [InlineData("Version", "-2", "Version must be a non-negative integer")]
    [InlineData("Version", "2.5", "Version must be a non-negative integer")]
    [InlineData("Count", null, "Count is missing")]
    [InlineData("CreateTime", "1e9", "CreateTime must be a non-negative integer")]
    public void AMissingOrMistypedFieldIsRefusedByName(string field, string? value, string expected)
    {
        var json = new TestExpressPath().ToJsonObject();
        if (value is null)
        {
            json.Remove(field);
        }
        else
        {
            json[field] = value;
        }

        var problem = ReadProblem(json.ToJsonString());

        Assert.Equal(PushProblemKind.FieldInvalid, problem.Kind);
        Assert.Equal(expected, problem.Description);
    }

    [Fact]
    public void AnActionWithoutItsTimeIsRefused()
    {
        var json = new TestExpressPath().ToJsonObject();
        json["Actions"]![0]!.AsObject().Remove("ActionTime");

        Assert.Equal("Actions.ActionTime is missing", ReadProblem(json.ToJsonString()).Description);
    }

    [Fact]
    public void AJsonStringWhereTextIsExpectedMustBeAString()
    {
        var json = new TestExpressPath().ToJsonObject();
        json["WayBillId"] = 12345;

        Assert.Equal("WayBillId must be a string", ReadProblem(json.ToJsonString()).Description);
    }

    [Theory]
    [InlineData("""<xml><Version>1</Version><Version>2</Version></xml>""")]
    [InlineData("""{"Version":1,"Version":2}""")]
    [InlineData("""<xml><Actions>1</Actions><Actions><ActionTime>1</ActionTime></Actions></xml>""")]
    [InlineData("""{"Version":null,"Version":5}""")]
    [InlineData("""{"Version":5,"Version":null}""")]
    [InlineData("""{"Version":{"a":1},"Version":5}""")]
    [InlineData("""{"Actions":[],"Actions":[{"ActionTime":1}]}""")]
    [InlineData("""{"Actions":[{"ActionTime":null,"ActionTime":1}]}""")]
    [InlineData("""{"Actions":[{"ActionTime":[1],"ActionTime":1}]}""")]
    [InlineData("""<xml><Actions><ActionTime><a>1</a></ActionTime><ActionTime>1</ActionTime></Actions></xml>""")]
    public void ARepeatedFieldIsAmbiguousAndRefused(string body) =>
        Assert.Equal(PushProblemKind.BodyMalformed, ReadDocumentProblem(body).Kind);

    [Theory]
    [InlineData("""<?xml version="1.0"?><!DOCTYPE xml [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><xml><ToUserName>&xxe;</ToUserName></xml>""")]
    [InlineData("""<!DOCTYPE xml [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]><xml><A>&c;</A></xml>""")]
    [InlineData("""<!DOCTYPE xml SYSTEM "http://127.0.0.1:9/x.dtd"><xml/>""")]
    [InlineData("""<xml><A>&undefined;</A></xml>""")]
    public void DtdsAndEntitiesAreRefusedWithoutBeingExpandedOrFetched(string body)
    {
        var problem = ReadDocumentProblem(body);

        Assert.Equal(PushProblemKind.BodyMalformed, problem.Kind);
        Assert.DoesNotContain("passwd", problem.Description, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(TestPushFormat.Xml)]
    [InlineData(TestPushFormat.Json)]
    public void DeepNestingIsRefusedWithoutRecursion(TestPushFormat format)
    {
        const int depth = 20_000;
        var body = format == TestPushFormat.Xml
            ? "<xml>" + string.Concat(Enumerable.Repeat("<a>", depth)) + string.Concat(Enumerable.Repeat("</a>", depth)) + "</xml>"
            : "{\"a\":" + new string('[', depth) + new string(']', depth) + "}";

        Assert.Equal(PushProblemKind.BodyMalformed, ReadDocumentProblem(body).Kind);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("[1,2]")]
    [InlineData("success")]
    [InlineData("<notxml/>")]
    [InlineData("<xml><a>1</a></xml><xml/>")]
    [InlineData("{\"a\":1} trailing")]
    [InlineData("{\"a\":1,}")]
    [InlineData("<xml><a>1</a>")]
    public void WhatIsNotOneXmlOrJsonMessageIsMalformed(string body) =>
        Assert.Equal(PushProblemKind.BodyMalformed, ReadDocumentProblem(body).Kind);

    [Fact]
    public void InvalidUtf8IsMalformed() =>
        Assert.Equal(PushProblemKind.BodyMalformed, ReadDocumentProblem([.. "<xml><A>"u8, 0xC3, 0x28, .. "</A></xml>"u8]).Kind);

    // Found by the tampered-push test: Utf8JsonReader.GetString throws InvalidOperationException, not JsonException, here.
    [Fact]
    public void InvalidUtf8InsideAJsonStringIsMalformedNotAnException() =>
        Assert.Equal(PushProblemKind.BodyMalformed, ReadDocumentProblem([.. "{\"A\":\""u8, 0xC3, 0x28, .. "\"}"u8]).Kind);

    [Fact]
    public void UnknownFieldsAndDeeperStructuresWeChatMayAddAreIgnored()
    {
        var xml = new TestExpressPath().ToXml().Replace("</xml>", "<NewField><Deep><Deeper>1</Deeper></Deep></NewField><Extra>x</Extra></xml>", StringComparison.Ordinal);

        Assert.Equal(ExpectedJson, ToJson(xml));
    }

    private static string ToJson(string body)
    {
        var document = PushDocumentReader.Read(Encoding.UTF8.GetBytes(body), out var problem);
        Assert.Null(problem);
        var update = ExpressPathEventReader.Read(document!, out problem);
        Assert.Null(problem);
        return Encoding.UTF8.GetString(ExpressPathEventJson.ToUtf8(update!));
    }

    private static PushProblem ReadProblem(string body)
    {
        var document = PushDocumentReader.Read(Encoding.UTF8.GetBytes(body), out var problem);
        Assert.Null(problem);
        Assert.Null(ExpressPathEventReader.Read(document!, out problem));
        return problem!;
    }

    private static PushProblem ReadDocumentProblem(string body) => ReadDocumentProblem(Encoding.UTF8.GetBytes(body));

    private static PushProblem ReadDocumentProblem(byte[] body)
    {
        Assert.Null(PushDocumentReader.Read(body, out var problem));
        return problem!;
    }
}
