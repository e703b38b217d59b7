using System.Net;
using System.Text;
using LogisticsFunctions.Tests.Support;

namespace LogisticsFunctions.Tests.Push;

/// <summary>
/// Pushes built as WeChat builds them → the ExpressPathPush function over the app's real registration →
/// the Azurite queue → the message read back as a consumer reads it.
/// </summary>
[Collection(AzuriteCollectionDefinition.Name)]
public sealed class ExpressPathPushEndToEndTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private readonly TestPushBuilder _weChat = new(TestPushBuilder.SimulatorToken, TestPushBuilder.SimulatorEncodingAesKey, TestPushBuilder.SimulatorAppId, () => DateTimeOffset.UtcNow);
    private PushTestApp _app = null!;

    public async Task InitializeAsync()
    {
        await azurite.ResetAsync();
        _app = PushTestApp.Create(azurite.ConnectionString);
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Theory]
    [InlineData(TestPushMode.Plain, TestPushFormat.Xml)]
    [InlineData(TestPushMode.Plain, TestPushFormat.Json)]
    [InlineData(TestPushMode.Compatible, TestPushFormat.Xml)]
    [InlineData(TestPushMode.Compatible, TestPushFormat.Json)]
    [InlineData(TestPushMode.Safe, TestPushFormat.Xml)]
    [InlineData(TestPushMode.Safe, TestPushFormat.Json)]
    public async Task EveryModeAndFormatLandsAsOneQueueMessageOfTheSameJson(TestPushMode mode, TestPushFormat format)
    {
        var update = new TestExpressPath();

        var response = await _app.SendAsync(_weChat.Post(update, mode, format));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("success", response.BodyText);
        Assert.Equal("text/plain; charset=utf-8", response.Header("Content-Type"));
        var message = Assert.Single(await AzuriteQueueAssert.MessagesAsync(azurite));
        AzuriteQueueAssert.SameEvent(update, message);
    }

    [Fact]
    public async Task TheUrlVerificationAnswersEchostrAsPlainTextAndQueuesNothing()
    {
        var response = await _app.SendAsync(_weChat.Get("7431209458342718435"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("7431209458342718435", response.BodyText);
        Assert.Equal("text/plain; charset=utf-8", response.Header("Content-Type"));
        Assert.Equal(0, await AzuriteQueueAssert.CountAsync(azurite));
    }

    [Theory]
    [InlineData(TestPushMode.Plain, TestPushFormat.Xml)]
    [InlineData(TestPushMode.Safe, TestPushFormat.Json)]
    public async Task OtherEventsAreAcknowledgedLoggedByNameAndNotQueued(TestPushMode mode, TestPushFormat format)
    {
        var other = new TestExpressPath { Event = "subscribe_msg_popup_event", WayBillId = "NOT-IN-LOGS-4711" };

        var response = await _app.SendAsync(_weChat.Post(other, mode, format));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("success", response.BodyText);
        Assert.Equal(0, await AzuriteQueueAssert.CountAsync(azurite));
        Assert.Contains(_app.Logs.Lines, line => line.StartsWith("Information", StringComparison.Ordinal) && line.Contains("acknowledged a push of MsgType event, Event subscribe_msg_popup_event without queueing it", StringComparison.Ordinal));
        Assert.DoesNotContain(_app.Logs.Lines, line => line.Contains("NOT-IN-LOGS-4711", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ATextMessageIsAcknowledgedAndNotQueued()
    {
        var text = "<xml><ToUserName>gh</ToUserName><FromUserName>o</FromUserName><CreateTime>1</CreateTime><MsgType>text</MsgType><Content>hi</Content></xml>";

        var response = await _app.SendAsync(_weChat.Post(text, TestPushMode.Safe, TestPushFormat.Xml));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(0, await AzuriteQueueAssert.CountAsync(azurite));
    }

    [Fact]
    public async Task InCompatibleModeTheDecryptedMessageIsQueuedNotThePlainFieldsBesideIt()
    {
        var genuine = new TestExpressPath { WayBillId = "GENUINE" };
        var push = _weChat.Post(genuine, TestPushMode.Compatible, TestPushFormat.Xml);
        // The plain copy is covered by no signature: whoever rewrites it must not change what is queued.
        var tampered = push.WithBody(Encoding.UTF8.GetString(push.Body).Replace("GENUINE", "FORGED", StringComparison.Ordinal));

        var response = await _app.SendAsync(tampered);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("GENUINE", (string?)Assert.Single(await AzuriteQueueAssert.MessagesAsync(azurite))["WayBillId"]);
    }

    [Fact]
    public async Task TheStillAcceptedPreviousKeyOpensPushesDuringARotation()
    {
        const string newKey = "bmV3LWtleS1mb3ItdGhlLXB1c2gtcmVjZWl2ZXItMDE";
        await using var rotated = PushTestApp.Create(azurite.ConnectionString, new Dictionary<string, string?>
        {
            ["WeChat:PushEncodingAesKey"] = newKey,
            ["WeChat:PushPreviousEncodingAesKey"] = TestPushBuilder.SimulatorEncodingAesKey,
        });
        var withNewKey = new TestPushBuilder(TestPushBuilder.SimulatorToken, newKey, TestPushBuilder.SimulatorAppId, () => DateTimeOffset.UtcNow);

        var old = await rotated.SendAsync(_weChat.Post(new TestExpressPath { Version = 1 }, TestPushMode.Safe, TestPushFormat.Xml));
        var current = await rotated.SendAsync(withNewKey.Post(new TestExpressPath { Version = 2 }, TestPushMode.Safe, TestPushFormat.Json));

        Assert.Equal(HttpStatusCode.OK, old.StatusCode);
        Assert.Equal(HttpStatusCode.OK, current.StatusCode);
        Assert.Equal(2, await AzuriteQueueAssert.CountAsync(azurite));
    }

    public static TheoryData<string, HttpStatusCode, string> Refusals => new()
    {
        { "no signature", HttpStatusCode.Unauthorized, "signature is missing" },
        { "no timestamp", HttpStatusCode.Unauthorized, "timestamp is missing" },
        { "no nonce", HttpStatusCode.Unauthorized, "nonce is missing" },
        { "no msg_signature on an encrypted push", HttpStatusCode.Unauthorized, "msg_signature is missing" },
        { "a plain push with a msg_signature instead of its signature", HttpStatusCode.Unauthorized, "signature is missing" },
        { "wrong signature", HttpStatusCode.Forbidden, "signature does not match" },
        { "wrong msg_signature", HttpStatusCode.Forbidden, "msg_signature does not match" },
        { "Encrypt changed after signing", HttpStatusCode.Forbidden, "msg_signature does not match" },
        { "signed with another Token", HttpStatusCode.Forbidden, "signature does not match" },
        { "stale timestamp", HttpStatusCode.Forbidden, "outside the allowed clock skew" },
        { "future timestamp", HttpStatusCode.Forbidden, "outside the allowed clock skew" },
        { "timestamp not a number", HttpStatusCode.Forbidden, "timestamp is not unix seconds" },
        { "malformed XML", HttpStatusCode.BadRequest, "not well-formed XML" },
        { "malformed JSON", HttpStatusCode.BadRequest, "not valid JSON" },
        { "XML with an external entity", HttpStatusCode.BadRequest, "DTDs and entities are refused" },
        { "bad base64", HttpStatusCode.BadRequest, "Encrypt is not Base64" },
        { "bad padding", HttpStatusCode.BadRequest, "invalid padding" },
        { "bad length field", HttpStatusCode.BadRequest, "length field exceeds" },
        { "another appid inside", HttpStatusCode.Forbidden, "for another appid" },
        { "missing WayBillId", HttpStatusCode.BadRequest, "WayBillId is missing" },
        { "body over 64 KB", HttpStatusCode.RequestEntityTooLarge, "larger than 65536 bytes" },
        { "event JSON over a queue message", HttpStatusCode.RequestEntityTooLarge, "more than a queue message holds" },
        { "GET without echostr", HttpStatusCode.BadRequest, "echostr is missing" },
        { "GET with a wrong signature", HttpStatusCode.Forbidden, "signature does not match" },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public async Task EveryBadPushIsRefusedWithItsStatusAWarningAndNothingQueued(string what, HttpStatusCode status, string reason)
    {
        var response = await _app.SendAsync(BadPush(what));

        Assert.Equal(status, response.StatusCode);
        Assert.Contains(reason, response.BodyText, StringComparison.Ordinal);
        Assert.Contains(_app.Logs.Lines, line => line.StartsWith("Warning", StringComparison.Ordinal) && line.Contains(reason, StringComparison.Ordinal));
        Assert.Equal(0, await AzuriteQueueAssert.CountAsync(azurite));
        Assert.Empty(await azurite.Markers.GetBlobsAsync().ToListAsync());
        Assert.DoesNotContain(_app.Logs.Lines, line => line.Contains(TestPushBuilder.SimulatorToken, StringComparison.Ordinal) || line.Contains(TestPushBuilder.SimulatorEncodingAesKey, StringComparison.Ordinal));
    }

    private TestPushRequest BadPush(string what)
    {
        var update = new TestExpressPath();
        var safe = _weChat.Post(update, TestPushMode.Safe, TestPushFormat.Xml);
        var plain = _weChat.Post(update, TestPushMode.Plain, TestPushFormat.Xml);
        var safeBody = Encoding.UTF8.GetString(safe.Body);
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        return what switch
        {
            "no signature" => plain.WithQuery("signature", null),
            "no timestamp" => plain.WithQuery("timestamp", null),
            "no nonce" => plain.WithQuery("nonce", null),
            "no msg_signature on an encrypted push" => safe.WithQuery("msg_signature", null),
            "a plain push with a msg_signature instead of its signature" => plain.WithQuery("signature", null).WithQuery("msg_signature", safe.Query["msg_signature"]),
            "wrong signature" => plain.WithQuery("signature", Flip(plain.Query["signature"])),
            "wrong msg_signature" => safe.WithQuery("msg_signature", Flip(safe.Query["msg_signature"])),
            "Encrypt changed after signing" => safe.WithBody(safeBody.Replace("<![CDATA[", "<![CDATA[AAAA", StringComparison.Ordinal).Replace("<![CDATA[AAAAgh_", "<![CDATA[gh_", StringComparison.Ordinal)),
            "signed with another Token" => new TestPushBuilder("another-token", TestPushBuilder.SimulatorEncodingAesKey, TestPushBuilder.SimulatorAppId, () => DateTimeOffset.UtcNow).Post(update, TestPushMode.Plain, TestPushFormat.Json),
            "stale timestamp" => new TestPushBuilder(TestPushBuilder.SimulatorToken, TestPushBuilder.SimulatorEncodingAesKey, TestPushBuilder.SimulatorAppId, () => DateTimeOffset.UtcNow.AddMinutes(-6)).Post(update, TestPushMode.Safe, TestPushFormat.Json),
            "future timestamp" => new TestPushBuilder(TestPushBuilder.SimulatorToken, TestPushBuilder.SimulatorEncodingAesKey, TestPushBuilder.SimulatorAppId, () => DateTimeOffset.UtcNow.AddMinutes(6)).Post(update, TestPushMode.Plain, TestPushFormat.Xml),
            "timestamp not a number" => Resign(plain.WithQuery("timestamp", $"{now}.5")),
            "malformed XML" => plain.WithBody("<xml><ToUserName>gh</ToUserName"),
            "malformed JSON" => plain.WithBody("{\"ToUserName\": \"gh\","),
            "XML with an external entity" => plain.WithBody("""<!DOCTYPE xml [<!ENTITY x SYSTEM "file:///etc/hostname">]><xml><WayBillId>&x;</WayBillId></xml>"""),
            "bad base64" => SignedSafe(TestPushBuilder.Envelope("not*base64!", TestPushMode.Safe, TestPushFormat.Xml, null)),
            "bad padding" => SignedSafe(TestPushBuilder.Envelope(_weChat.Encrypt(update.ToXml(), TestPushBuilder.SimulatorAppId, pad: n => [.. Enumerable.Repeat((byte)0, n)]), TestPushMode.Safe, TestPushFormat.Xml, null)),
            "bad length field" => SignedSafe(TestPushBuilder.Envelope(_weChat.Encrypt(update.ToXml(), TestPushBuilder.SimulatorAppId, lengthField: 100_000), TestPushMode.Safe, TestPushFormat.Xml, null)),
            "another appid inside" => _weChat.Post(update.ToJson(), TestPushMode.Safe, TestPushFormat.Json, appIdInside: "wxffffffffffffffff"),
            "missing WayBillId" => _weChat.Post(update.ToXml().Replace("<WayBillId><![CDATA[SF1234567890123]]></WayBillId>", "", StringComparison.Ordinal), TestPushMode.Compatible, TestPushFormat.Xml),
            "body over 64 KB" => plain.WithBody(update.ToXml().Replace("</xml>", $"<Pad>{new string('x', 64 * 1024)}</Pad></xml>", StringComparison.Ordinal)),
            "event JSON over a queue message" => _weChat.Post(new TestExpressPath { Actions = [.. Enumerable.Range(0, 300).Select(i => new TestAction(i, 100001, new string('x', 120)))] }, TestPushMode.Plain, TestPushFormat.Json),
            "GET without echostr" => _weChat.Get("x").WithQuery("echostr", null),
            "GET with a wrong signature" => _weChat.Get("x").WithQuery("signature", Flip(_weChat.Get("x").Query["signature"])),
            _ => throw new ArgumentOutOfRangeException(nameof(what), what, null),
        };
    }

    // A body WeChat would sign correctly: msg_signature over the body's own Encrypt, so decryption is what fails.
    private TestPushRequest SignedSafe(string envelope)
    {
        var push = _weChat.Post(new TestExpressPath(), TestPushMode.Safe, TestPushFormat.Xml).WithBody(envelope);
        var encrypt = envelope.Split("<Encrypt><![CDATA[")[1].Split("]]>")[0];
        return push.WithQuery("msg_signature", TestPushBuilder.Sign(TestPushBuilder.SimulatorToken, push.Query["timestamp"], push.Query["nonce"], encrypt));
    }

    private static TestPushRequest Resign(TestPushRequest push) =>
        push.WithQuery("signature", TestPushBuilder.Sign(TestPushBuilder.SimulatorToken, push.Query["timestamp"], push.Query["nonce"]));

    private static string Flip(string hex) => (hex[0] == 'a' ? 'b' : 'a') + hex[1..];
}
