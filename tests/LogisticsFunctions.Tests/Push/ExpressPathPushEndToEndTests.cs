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
    private const string NewKey = "bmV3LWtleS1mb3ItdGhlLXB1c2gtcmVjZWl2ZXItMDE";
    private readonly TestPushBuilder _weChat = new(TestPushBuilder.SimulatorToken, TestPushBuilder.SimulatorEncodingAesKey, TestPushBuilder.SimulatorAppId, () => DateTimeOffset.UtcNow);
    private readonly List<PushTestApp> _apps = [];
    private PushTestApp _app = null!;

    public async Task InitializeAsync()
    {
        await azurite.ResetAsync();
        _app = App();
    }

    public async Task DisposeAsync()
    {
        foreach (var app in _apps)
        {
            await app.DisposeAsync();
        }
    }

    [Theory]
    [InlineData(TestPushMode.Plain, TestPushFormat.Xml)]
    [InlineData(TestPushMode.Plain, TestPushFormat.Json)]
    [InlineData(TestPushMode.Compatible, TestPushFormat.Xml)]
    [InlineData(TestPushMode.Compatible, TestPushFormat.Json)]
    [InlineData(TestPushMode.Safe, TestPushFormat.Xml)]
    [InlineData(TestPushMode.Safe, TestPushFormat.Json)]
    public async Task EveryModeAndFormatLandsAsOneQueueMessageOfTheSameJson(TestPushMode mode, TestPushFormat format)
    {
        // The receiver set to the mode chosen in WeChat's console.
        var app = App(mode.ToString().ToLowerInvariant());
        var update = new TestExpressPath();

        var response = await app.SendAsync(_weChat.Post(update, mode, format));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("success", response.BodyText);
        Assert.Equal("text/plain; charset=utf-8", response.Header("Content-Type"));
        var message = Assert.Single(await AzuriteQueueAssert.MessagesAsync(azurite));
        AzuriteQueueAssert.SameEvent(update, message);
    }

    [Theory]
    [InlineData(null, TestPushFormat.Xml)]
    [InlineData("safe", TestPushFormat.Json)]
    [InlineData("compatible", TestPushFormat.Xml)]
    [InlineData("compatible", TestPushFormat.Json)]
    public async Task InSafeAndCompatibleModeAPlainPushIsRefused403AndQueuesNothingWhateverItsSignature(string? mode, TestPushFormat format)
    {
        var app = mode is null ? _app : App(mode);
        // Its signature is right: it covers Token, timestamp and nonce, never the body.
        var plain = _weChat.Post(new TestExpressPath(), TestPushMode.Plain, format);
        var withMsgSignature = plain.WithQuery("encrypt_type", "aes").WithQuery("msg_signature", TestPushBuilder.Sign(TestPushBuilder.SimulatorToken, plain.Query["timestamp"], plain.Query["nonce"], ""));

        foreach (var push in new[] { plain, withMsgSignature })
        {
            var response = await app.SendAsync(push);

            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
            Assert.Contains("the push is not encrypted: in " + (mode ?? "safe") + " mode only pushes with Encrypt and msg_signature are taken", response.BodyText, StringComparison.Ordinal);
        }

        Assert.Equal(0, await AzuriteQueueAssert.CountAsync(azurite));
        Assert.Empty(await azurite.Markers.GetBlobsAsync().ToListAsync());
    }

    [Fact]
    public async Task InSafeModeAnEncryptedPushWithoutMsgSignatureIsRefused403()
    {
        var response = await _app.SendAsync(_weChat.Post(new TestExpressPath(), TestPushMode.Compatible, TestPushFormat.Xml).WithQuery("msg_signature", null));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("msg_signature is missing for an encrypted push", response.BodyText);
        Assert.Equal(0, await AzuriteQueueAssert.CountAsync(azurite));
    }

    [Fact]
    public async Task PlainModeTakesEncryptedPushesToo()
    {
        // The way from plain to safe: the receiver in plain mode with the key, WeChat switched, then the receiver.
        var app = App("plain");

        var response = await app.SendAsync(_weChat.Post(new TestExpressPath(), TestPushMode.Safe, TestPushFormat.Json));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(1, await AzuriteQueueAssert.CountAsync(azurite));
    }

    [Fact]
    public async Task PlainModeNeedsNoKeyAndThenAnswersAnEncryptedPush500Misconfigured()
    {
        var app = App("plain", new() { ["WeChat:PushEncodingAesKey"] = null });

        var plain = await app.SendAsync(_weChat.Post(new TestExpressPath { Version = 1 }, TestPushMode.Plain, TestPushFormat.Xml));
        var encrypted = await app.SendAsync(_weChat.Post(new TestExpressPath { Version = 2 }, TestPushMode.Safe, TestPushFormat.Xml));

        Assert.Equal(HttpStatusCode.OK, plain.StatusCode);
        Assert.Equal(HttpStatusCode.InternalServerError, encrypted.StatusCode);
        Assert.Equal("the push is encrypted but no EncodingAESKey is configured", encrypted.BodyText);
        Assert.Equal([1], (await AzuriteQueueAssert.MessagesAsync(azurite)).Select(m => (long)m["Version"]!));
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

        var app = App(mode == TestPushMode.Plain ? "plain" : "safe");
        var response = await app.SendAsync(_weChat.Post(other, mode, format));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("success", response.BodyText);
        Assert.Equal(0, await AzuriteQueueAssert.CountAsync(azurite));
        Assert.Contains(app.Logs.Lines, line => line.StartsWith("Information", StringComparison.Ordinal) && line.Contains("acknowledged a push of MsgType event, Event subscribe_msg_popup_event without queueing it", StringComparison.Ordinal));
        Assert.DoesNotContain(app.Logs.Lines, line => line.Contains("NOT-IN-LOGS-4711", StringComparison.Ordinal));
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
        var rotated = RotatedApp(previousKeyExpiresOn: null);
        var withNewKey = new TestPushBuilder(TestPushBuilder.SimulatorToken, NewKey, TestPushBuilder.SimulatorAppId, () => DateTimeOffset.UtcNow);

        var old = await rotated.SendAsync(_weChat.Post(new TestExpressPath { Version = 1 }, TestPushMode.Safe, TestPushFormat.Xml));
        var current = await rotated.SendAsync(withNewKey.Post(new TestExpressPath { Version = 2 }, TestPushMode.Safe, TestPushFormat.Json));

        Assert.Equal(HttpStatusCode.OK, old.StatusCode);
        Assert.Equal(HttpStatusCode.OK, current.StatusCode);
        Assert.Equal(2, await AzuriteQueueAssert.CountAsync(azurite));
        var previousKeyUse = Assert.Single(rotated.Logs.Lines, line => line.Contains("previous EncodingAESKey", StringComparison.Ordinal));
        Assert.StartsWith("Information", previousKeyUse, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ThePreviousKeyIsRefusedOnceItsEndDateHasPassed()
    {
        var rotated = RotatedApp(previousKeyExpiresOn: DateTimeOffset.UtcNow.AddMinutes(-1));

        var old = await rotated.SendAsync(_weChat.Post(new TestExpressPath(), TestPushMode.Safe, TestPushFormat.Xml));

        Assert.Equal(HttpStatusCode.BadRequest, old.StatusCode);
        Assert.Contains(TestPushBuilder.WrongKeyProblems, problem => old.BodyText.StartsWith(problem, StringComparison.Ordinal));
        Assert.Equal(0, await AzuriteQueueAssert.CountAsync(azurite));
    }

    public static TheoryData<string, HttpStatusCode, string> Refusals => new()
    {
        { "no signature", HttpStatusCode.Unauthorized, "signature is missing" },
        { "no timestamp", HttpStatusCode.Unauthorized, "timestamp is missing" },
        { "no nonce", HttpStatusCode.Unauthorized, "nonce is missing" },
        { "no msg_signature on an encrypted push", HttpStatusCode.Forbidden, "msg_signature is missing" },
        { "a plain push with a msg_signature instead of its signature", HttpStatusCode.Unauthorized, "signature is missing" },
        { "wrong signature", HttpStatusCode.Forbidden, "signature does not match" },
        { "wrong msg_signature", HttpStatusCode.Forbidden, "msg_signature does not match" },
        { "Encrypt changed after signing", HttpStatusCode.Forbidden, "msg_signature does not match" },
        { "signed with another Token", HttpStatusCode.Forbidden, "signature does not match" },
        { "stale timestamp", HttpStatusCode.Forbidden, "outside the allowed clock skew" },
        { "future timestamp", HttpStatusCode.Forbidden, "outside the allowed clock skew" },
        { "timestamp not a number", HttpStatusCode.Forbidden, "timestamp is not unix seconds" },
        { "a 12-digit timestamp", HttpStatusCode.Forbidden, "outside the allowed clock skew" },
        { "a 20-digit timestamp", HttpStatusCode.Forbidden, "timestamp is not unix seconds" },
        { "a 12-digit timestamp on the GET", HttpStatusCode.Forbidden, "outside the allowed clock skew" },
        { "a repeated field, null first", HttpStatusCode.BadRequest, "field Version appears more than once" },
        { "a repeated field, null first, encrypted", HttpStatusCode.BadRequest, "the decrypted message: field Version appears more than once" },
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

    // In plain mode, the widest the receiver opens: every check that refuses a push there refuses it in safe mode too.
    [Theory]
    [MemberData(nameof(Refusals))]
    public async Task EveryBadPushIsRefusedWithItsStatusAWarningAndNothingQueued(string what, HttpStatusCode status, string reason)
    {
        var app = App("plain");

        var response = await app.SendAsync(BadPush(what));

        Assert.Equal(status, response.StatusCode);
        Assert.Contains(reason, response.BodyText, StringComparison.Ordinal);
        Assert.Contains(app.Logs.Lines, line => line.StartsWith("Warning", StringComparison.Ordinal) && line.Contains(reason, StringComparison.Ordinal));
        Assert.DoesNotContain(app.Logs.Lines, line => line.StartsWith("Error", StringComparison.Ordinal));
        Assert.Equal(0, await AzuriteQueueAssert.CountAsync(azurite));
        Assert.Empty(await azurite.Markers.GetBlobsAsync().ToListAsync());
        Assert.DoesNotContain(app.Logs.Lines, line => line.Contains(TestPushBuilder.SimulatorToken, StringComparison.Ordinal) || line.Contains(TestPushBuilder.SimulatorEncodingAesKey, StringComparison.Ordinal));
    }

    // The key rotated locally: NewKey current, the simulator's key previous (until the given end).
    private PushTestApp RotatedApp(DateTimeOffset? previousKeyExpiresOn) => App(settings: new()
    {
        ["WeChat:PushEncodingAesKey"] = NewKey,
        ["WeChat:PushPreviousEncodingAesKey"] = TestPushBuilder.SimulatorEncodingAesKey,
        ["WeChat:PushPreviousEncodingAesKeyExpiresOn"] = previousKeyExpiresOn?.ToString("o", System.Globalization.CultureInfo.InvariantCulture),
    });

    private PushTestApp App(string? mode = null, Dictionary<string, string?>? settings = null)
    {
        var values = new Dictionary<string, string?>(settings ?? []);
        if (mode is not null)
        {
            values["WeChat:PushMode"] = mode;
        }

        var app = PushTestApp.Create(azurite.ConnectionString, values);
        _apps.Add(app);
        return app;
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
            "a 12-digit timestamp" => Resign(plain.WithQuery("timestamp", "999999999999")),
            "a 20-digit timestamp" => Resign(plain.WithQuery("timestamp", "99999999999999999999")),
            "a 12-digit timestamp on the GET" => Resign(_weChat.Get("x").WithQuery("timestamp", "999999999999")),
            "a repeated field, null first" => plain.WithBody(RepeatedVersion(update)),
            "a repeated field, null first, encrypted" => _weChat.Post(RepeatedVersion(update), TestPushMode.Safe, TestPushFormat.Json),
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

    // {"Version":null,...,"Version":2}: a null is a value given, and two values of one field are ambiguous.
    private static string RepeatedVersion(TestExpressPath update) =>
        "{\"Version\":null," + update.ToJson()[1..];

    private static TestPushRequest Resign(TestPushRequest push) =>
        push.WithQuery("signature", TestPushBuilder.Sign(TestPushBuilder.SimulatorToken, push.Query["timestamp"], push.Query["nonce"]));

    private static string Flip(string hex) => (hex[0] == 'a' ? 'b' : 'a') + hex[1..];
}
