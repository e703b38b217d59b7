using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using LogisticsFunctions.Push;
using LogisticsFunctions.Tests.Support;
using LogisticsFunctions.WeChat.Push;

namespace LogisticsFunctions.Tests.Push;

/// <summary>
/// Thousands of malformed and tampered pushes, from every mode and format, through the function against
/// Azurite: none gets a 5xx, none lets an exception escape, none queues anything other than the genuine
/// events sent among them, and no log line or answer holds the Token, the key or a value from a body.
/// The seed is fixed, so a failure reproduces.
/// </summary>
[Collection(AzuriteCollectionDefinition.Name)]
public sealed class TamperedPushTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private const int Seed = 20261205;
    private const int Cases = 3000;
    private const string BodyMarker = "BODYMARK7f3a";

    private static readonly string[] Fragments =
    [
        "<!DOCTYPE xml [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>", "&x;", "&lt;", "<![CDATA[", "]]>", "<", ">", "</xml>", "<xml>",
        "<Actions>", "</Actions>", "<Version>3</Version>", "{", "}", "[", "]", "\"", ":", ",", "\\", "\"Version\":", "null", "1e309", "-1",
        "\u0000", "\uFFFD", "快递", "\r\n", " ", "<a><a><a><a><a><a><a><a><a><a>", "[[[[[[[[[[[[[[[[[[[[[[[[[", "%", "+", "/", "=",
    ];

    private static readonly HashSet<string> AuthenticationTampering =
    [
        "signature flipped", "query parameter dropped", "timestamp out of skew", "timestamp garbage", "msg_signature flipped",
        "plain push with msg_signature only", "signature of another Token",
    ];

    private static readonly HashSet<string> AlwaysInvalid =
    [
        "Encrypt not base64", "Encrypt cut off mid-block", "another appid inside", "length field wrong", "padding wrong", "DTD or entity",
        "deep nesting", "huge value", "body over the limit", "field missing", "field mistyped", "body cut short",
    ];

    private readonly List<TestExpressPath> _accepted = [];
    private TestExpressPath _current = new();
    private TestPushMode _currentMode;
    private PushTestApp? _app;
    private TestPushBuilder _weChat = null!;

    private PushTestApp App => _app ?? throw new InvalidOperationException("The test has not started its app.");

    public async Task InitializeAsync()
    {
        await azurite.ResetAsync();
        _weChat = new TestPushBuilder(TestPushBuilder.SimulatorToken, TestPushBuilder.SimulatorEncodingAesKey, TestPushBuilder.SimulatorAppId, () => DateTimeOffset.UtcNow);
    }

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }

    // Plain mode opens the receiver widest (it also takes encrypted pushes); safe mode, the default, must
    // refuse every plain push besides, genuine ones included.
    [Theory]
    [InlineData("plain")]
    [InlineData("safe")]
    public async Task NoTamperedPushGetsA5xxQueuesAnythingOrLeaksASecret(string receiverMode)
    {
        _app = PushTestApp.Create(azurite.ConnectionString, new Dictionary<string, string?> { ["WeChat:PushMode"] = receiverMode });
        var plainRefused = receiverMode != "plain";
        var random = new Random(Seed);
        var statuses = new Dictionary<int, int>();
        var answers = new StringBuilder();
        for (var i = 0; i < Cases; i++)
        {
            var (kind, push) = NextPush(random);
            TestHttpResponseData response;
            try
            {
                response = await App.SendAsync(push);
            }
            catch (Exception ex)
            {
                Assert.Fail($"case {i} ({kind}, seed {Seed}) threw {ex.GetType().Name}: {ex.Message}");
                throw;
            }

            var status = (int)response.StatusCode;
            Assert.True(status < 500, $"case {i} ({kind}, seed {Seed}) answered {status}: {response.BodyText}\n{string.Join('\n', App.Logs.Lines.TakeLast(2))}");
            if (kind == "genuine" && plainRefused && _currentMode == TestPushMode.Plain)
            {
                Assert.True(status == 403, $"case {i}: a plain push was not refused in {receiverMode} mode: {status} {response.BodyText}");
            }
            else if (kind == "genuine")
            {
                Assert.True(status == 200, $"case {i}: a genuine push was refused: {response.BodyText}");
            }

            // A push whose authentication was tampered with is refused as such, even when its body is genuine.
            if (AuthenticationTampering.Contains(kind))
            {
                Assert.True(status is 401 or 403, $"case {i} ({kind}, seed {Seed}) answered {status}: {response.BodyText}");
            }

            // These never make a valid push, whatever else happens to them.
            if (AlwaysInvalid.Contains(kind))
            {
                Assert.True(status is >= 400 and < 500, $"case {i} ({kind}, seed {Seed}) answered {status}: {response.BodyText}");
            }

            if (status == 200)
            {
                _accepted.Add(_current);
            }

            statuses[status] = statuses.GetValueOrDefault(status) + 1;
            answers.AppendLine(response.BodyText);
        }

        // Only authentic events are queued, once per update: the genuine ones sent among the noise, and a
        // tampered push only where the tampering changed nothing authenticated (a flipped bit in the random
        // prefix, a change to an envelope field outside Encrypt) so that what was queued is still the original.
        var expected = _accepted.Select(g => g.Version).Distinct().Order().ToList();
        var messages = await AzuriteQueueAssert.MessagesAsync(azurite);
        Assert.Equal(expected, messages.Select(m => (long)m["Version"]!).Order());
        foreach (var message in messages)
        {
            AzuriteQueueAssert.SameEvent(_accepted.First(g => g.Version == (long)message["Version"]!), message);
        }

        var markers = await azurite.Markers.GetBlobsAsync().Select(b => b.Name).ToListAsync();
        Assert.Equal(expected.Count, markers.Count);

        // Refusals of every kind were exercised, not just one.
        Assert.True(statuses.Keys.Order().SequenceEqual([200, 400, 401, 403, 413]), string.Join(", ", statuses.Select(s => $"{s.Key}: {s.Value}")));

        var text = string.Join('\n', App.Logs.Lines) + answers;
        foreach (var secret in new[] { TestPushBuilder.SimulatorToken, TestPushBuilder.SimulatorEncodingAesKey, "LogisticsFunctions-simulator-key", BodyMarker, "passwd" })
        {
            Assert.DoesNotContain(secret, text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task OnlyAnInjectedQueueFailureGivesA5xxAndTheRedeliveriesThenQueueOnce()
    {
        _app = PushTestApp.Create(azurite.ConnectionString, new Dictionary<string, string?> { ["WeChat:PushMode"] = "plain" });
        var random = new Random(Seed + 1);
        Assert.Equal(HttpStatusCode.OK, (await App.SendAsync(_weChat.Post(new TestExpressPath { Version = 1 }, TestPushMode.Safe, TestPushFormat.Json))).StatusCode);
        await azurite.RawQueue.DeleteAsync();

        var updates = Enumerable.Range(10, 5).Select(v => new TestExpressPath { Version = v }).ToList();
        foreach (var update in updates)
        {
            var failed = await App.SendAsync(_weChat.Post(update, RandomMode(random), RandomFormat(random)));
            Assert.Equal(HttpStatusCode.ServiceUnavailable, failed.StatusCode);

            // Tampered pushes meanwhile are still refused with a 4xx: they never reach the queue.
            var (_, tampered) = NextPush(random, genuineAllowed: false);
            Assert.InRange((int)(await App.SendAsync(tampered)).StatusCode, 400, 499);
        }

        await azurite.RawQueue.CreateAsync();
        foreach (var update in updates.Concat(updates))
        {
            Assert.Equal(HttpStatusCode.OK, (await App.SendAsync(_weChat.Post(update, RandomMode(random), RandomFormat(random)))).StatusCode);
        }

        Assert.Equal(updates.Select(u => u.Version), (await AzuriteQueueAssert.MessagesAsync(azurite)).Select(m => (long)m["Version"]!).Order());
    }

    private (string Kind, TestPushRequest Push) NextPush(Random random, bool genuineAllowed = true)
    {
        var update = new TestExpressPath
        {
            Version = random.Next(1, 6),
            WayBillId = "WB" + BodyMarker,
            Actions = [new(1546924840, 100001, "揽件 " + BodyMarker), new(1546924841, 200001, "运输中")],
        };
        var mode = RandomMode(random);
        var format = RandomFormat(random);
        _current = update;
        _currentMode = mode;
        var push = _weChat.Post(update, mode, format);
        var encrypted = mode != TestPushMode.Plain;
        var kind = random.Next(genuineAllowed ? 22 : 21);
        switch (kind)
        {
            case 0:
                return ("signature flipped", push.WithQuery("signature", FlipHex(push.Query["signature"], random)));
            case 1:
                // When encrypted, signature alone may go: msg_signature covers more and still authenticates.
                return ("query parameter dropped", push.WithQuery(Pick<string>(random, encrypted ? ["msg_signature", "timestamp", "nonce"] : ["signature", "timestamp", "nonce"]), null));
            case 2:
                var skewed = DateTimeOffset.UtcNow.ToUnixTimeSeconds() + ((random.Next(2) == 0 ? -1 : 1) * random.Next(301, 10_000_000));
                return ("timestamp out of skew", Resign(push.WithQuery("timestamp", skewed.ToString(CultureInfo.InvariantCulture)), encrypted));
            case 3:
                return ("timestamp garbage", Resign(push.WithQuery("timestamp", Pick(random, ["", "-5", "1e9", "99999999999999999999", "１２３", " 1", "0x10"])), encrypted));
            case 4 when encrypted:
                return ("msg_signature flipped", push.WithQuery("msg_signature", FlipHex(push.Query["msg_signature"], random)));
            case 4:
                // A plain push whose signature is replaced by a msg_signature (of anything): nothing is authenticated.
                return ("plain push with msg_signature only", push.WithQuery("signature", null).WithQuery("msg_signature", TestPushBuilder.Sign(TestPushBuilder.SimulatorToken, push.Query["timestamp"], push.Query["nonce"], "x")));
            case 5 when encrypted:
                return ("Encrypt not base64", Signed(Envelope(Garble(random, 40), mode, format, update), format));
            case 6 when encrypted:
                return ("Encrypt cut off mid-block", Signed(Envelope(Convert.ToBase64String(Convert.FromBase64String(Encrypt(push))[..^random.Next(1, 16)]), mode, format, update), format));
            case 7 when encrypted:
                return ("ciphertext bits flipped", Signed(Envelope(FlipCipherBit(Encrypt(push), random), mode, format, update), format));
            case 8:
                return ("another appid inside", _weChat.Post(update.Serialize(format), encrypted ? mode : TestPushMode.Safe, format, update, appIdInside: Pick(random, ["wx0123456789abcdeg", "", "wx0123456789abcde", "wx0123456789abcdef0"])));
            case 9:
                return ("length field wrong", Signed(Envelope(_weChat.Encrypt(update.Serialize(format), TestPushBuilder.SimulatorAppId, lengthField: random.Next(2) == 0 ? -random.Next(1, 1000) : 10_000 + random.Next(1000)), TestPushMode.Safe, format, update), format));
            case 10:
                var badPad = random.Next(3);
                return ("padding wrong", Signed(Envelope(_weChat.Encrypt(update.Serialize(format), TestPushBuilder.SimulatorAppId, pad: n => badPad switch
                {
                    0 => [.. Enumerable.Repeat((byte)0, n)],
                    1 => [.. Enumerable.Repeat((byte)random.Next(33, 256), n)],
                    _ => n == 1 ? [(byte)0] : [(byte)(n - 1), .. Enumerable.Repeat((byte)n, n - 1)],
                }), TestPushMode.Safe, format, update), format));
            case 11:
                return ("DTD or entity", Post(Pick(random, [
                    "<!DOCTYPE xml [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><xml><WayBillId>&x;</WayBillId></xml>",
                    "<!DOCTYPE xml [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\">]><xml><A>&b;</A></xml>",
                    "<?xml version=\"1.0\"?><!DOCTYPE xml SYSTEM \"http://127.0.0.1:9/evil.dtd\"><xml/>",
                ]), mode));
            case 12:
                var depth = random.Next(9, 50_000);
                return ("deep nesting", Post(format == TestPushFormat.Xml
                    ? "<xml>" + string.Concat(Enumerable.Repeat("<a>", depth)) + string.Concat(Enumerable.Repeat("</a>", depth)) + "</xml>"
                    : "{\"a\":" + new string('[', depth) + new string(']', depth) + "}", mode));
            case 13:
                var huge = new TestExpressPath { Version = update.Version, Actions = [new(1, 1, new string('长', random.Next(17_000, 21_000)))] };
                return ("huge value", _weChat.Post(huge, TestPushMode.Plain, format));
            case 14:
                return ("body over the limit", push.WithBody(new string(' ', 65_537 + random.Next(1000)) + Encoding.UTF8.GetString(push.Body)));
            case 15:
                var field = Pick(random, ["ToUserName", "FromUserName", "CreateTime", "DeliveryID", "WayBillId", "Version", "Count"]);
                var missing = update.ToJsonObject();
                missing.Remove(field);
                return ("field missing", Post(format == TestPushFormat.Json ? missing.ToJsonString() : RemoveXmlField(update.ToXml(), field), mode));
            case 16:
                var mistyped = update.ToJsonObject();
                mistyped[Pick(random, ["Version", "CreateTime", "Count"])] = Pick(random, ["v1", "-1", "1.5", "", "１"]);
                return ("field mistyped", Post(mistyped.ToJsonString(), mode));
            case 17 when encrypted:
                return ("body bytes flipped", WithSignedBody(push, FlipBytes(push.Body, random), encrypted));
            case 18:
                return ("body cut short", WithSignedBody(push, push.Body[..random.Next(0, Math.Max(1, LastIndexOf(push.Body, format == TestPushFormat.Xml ? (byte)'<' : (byte)'}')))], encrypted));
            case 19 when encrypted:
                var body = Encoding.UTF8.GetString(push.Body);
                var at = random.Next(body.Length);
                return ("fragment inserted", WithSignedBody(push, Encoding.UTF8.GetBytes(body[..at] + Pick(random, Fragments) + body[at..]), encrypted));
            case 20:
                return ("random bytes", push.WithBody(Garble(random, random.Next(0, 2000))));
            case 21:
                return ("genuine", push);
            default:
                return ("signature of another Token", new TestPushBuilder("not-the-token", TestPushBuilder.SimulatorEncodingAesKey, TestPushBuilder.SimulatorAppId, () => DateTimeOffset.UtcNow).Post(update, mode, format));
        }
    }

    // The body's Encrypt is re-signed as WeChat would sign it, so decryption or parsing is what must refuse
    // the change. (A plain-mode body is covered by no signature at all: byte flips there could make another
    // valid event, which WeChat's plain mode cannot tell from a real one; only cuts are applied to it.)
    private static TestPushRequest WithSignedBody(TestPushRequest push, byte[] body, bool encrypted)
    {
        var changed = push with { Body = body };
        if (!encrypted)
        {
            return changed;
        }

        var encrypt = TryEncrypt(body);
        return encrypt is null ? changed : changed.WithQuery("msg_signature", TestPushBuilder.Sign(TestPushBuilder.SimulatorToken, push.Query["timestamp"], push.Query["nonce"], encrypt));
    }

    private TestPushRequest Post(string message, TestPushMode mode) => _weChat.Post(message, mode, message.TrimStart().StartsWith('{') ? TestPushFormat.Json : TestPushFormat.Xml);

    private TestPushRequest Signed(string envelope, TestPushFormat format)
    {
        var push = _weChat.Post(new TestExpressPath(), TestPushMode.Safe, format).WithBody(envelope);
        var encrypt = TryEncrypt(push.Body) ?? "";
        return push.WithQuery("msg_signature", TestPushBuilder.Sign(TestPushBuilder.SimulatorToken, push.Query["timestamp"], push.Query["nonce"], encrypt));
    }

    private static string Envelope(string encrypt, TestPushMode mode, TestPushFormat format, TestExpressPath update) =>
        TestPushBuilder.Envelope(encrypt, mode == TestPushMode.Plain ? TestPushMode.Safe : mode, format, update);

    private static TestPushRequest Resign(TestPushRequest push, bool encrypted)
    {
        var signed = push.WithQuery("signature", TestPushBuilder.Sign(TestPushBuilder.SimulatorToken, push.Query["timestamp"], push.Query["nonce"]));
        return encrypted
            ? signed.WithQuery("msg_signature", TestPushBuilder.Sign(TestPushBuilder.SimulatorToken, push.Query["timestamp"], push.Query["nonce"], TryEncrypt(push.Body)!))
            : signed;
    }

    private static string Encrypt(TestPushRequest push) => TryEncrypt(push.Body)!;

    // The Encrypt value as a test reads it from an envelope it built (XML CDATA or a JSON string).
    private static string? TryEncrypt(byte[] body)
    {
        var text = Encoding.UTF8.GetString(body);
        var xml = text.IndexOf("<Encrypt><![CDATA[", StringComparison.Ordinal);
        if (xml >= 0)
        {
            var start = xml + "<Encrypt><![CDATA[".Length;
            var end = text.IndexOf("]]>", start, StringComparison.Ordinal);
            return end < 0 ? null : text[start..end];
        }

        try
        {
            return JsonNode.Parse(text)?["Encrypt"]?.GetValue<string>();
        }
        catch (Exception ex) when (ex is System.Text.Json.JsonException or InvalidOperationException or FormatException)
        {
            return null;
        }
    }

    private static string FlipCipherBit(string encrypt, Random random)
    {
        var bytes = Convert.FromBase64String(encrypt);
        // Flip a bit anywhere but in the first block: that one only garbles the random prefix, which changes nothing.
        var at = random.Next(16, bytes.Length);
        bytes[at] ^= (byte)(1 << random.Next(8));
        return Convert.ToBase64String(bytes);
    }

    private static byte[] FlipBytes(byte[] body, Random random)
    {
        var copy = body.ToArray();
        for (var n = random.Next(1, 4); n > 0; n--)
        {
            var at = random.Next(copy.Length);
            copy[at] = (byte)random.Next(256);
        }

        return copy;
    }

    private static string FlipHex(string hex, Random random)
    {
        var at = random.Next(hex.Length);
        var replacement = "0123456789abcdef".Replace(hex[at].ToString(), "", StringComparison.Ordinal)[random.Next(15)];
        return hex[..at] + replacement + hex[(at + 1)..];
    }

    private static string RemoveXmlField(string xml, string field)
    {
        var start = xml.IndexOf($"<{field}>", StringComparison.Ordinal);
        var end = xml.IndexOf($"</{field}>", StringComparison.Ordinal) + field.Length + 3;
        return xml[..start] + xml[end..];
    }

    private static string Garble(Random random, int length) =>
        new([.. Enumerable.Range(0, length).Select(_ => (char)random.Next(1, 0x2FF))]);

    private static int LastIndexOf(byte[] body, byte value) => Array.LastIndexOf(body, value);

    private static T Pick<T>(Random random, T[] values) => values[random.Next(values.Length)];

    private static TestPushMode RandomMode(Random random) => (TestPushMode)random.Next(3);

    private static TestPushFormat RandomFormat(Random random) => (TestPushFormat)random.Next(2);
}
