using System.Net;
using System.Net.Sockets;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using LogisticsFunctions.WeChatSimulator;
using LogisticsFunctions.WeChatSimulator.Push;
using Microsoft.Extensions.Time.Testing;

namespace LogisticsFunctions.Tests.Simulator;

/// <summary>
/// Pushes as they arrive at a loopback receiver, checked with an independent reading of push.md: query and signatures,
/// body shape per mode and format, decryption, and WeChat's three tries.
/// </summary>
public sealed partial class WeChatPusherTests
{
    private const string Token = "simulator-push-token";
    private const string AesKey = "TG9naXN0aWNzRnVuY3Rpb25zLXNpbXVsYXRvci1rZXk";
    private const string AppId = "wx0123456789abcdef";

    private static readonly DateTimeOffset Now = new(2024, 6, 1, 8, 0, 0, TimeSpan.Zero);
    private static readonly JsonSerializerOptions Relaxed = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static TheoryData<PushMode, PushFormat> Combinations { get; } = new()
    {
        { PushMode.Plain, PushFormat.Xml },
        { PushMode.Plain, PushFormat.Json },
        { PushMode.Compatible, PushFormat.Xml },
        { PushMode.Compatible, PushFormat.Json },
        { PushMode.Safe, PushFormat.Xml },
        { PushMode.Safe, PushFormat.Json },
    };

    [Theory]
    [MemberData(nameof(Combinations))]
    public async Task A_push_arrives_signed_shaped_and_decryptable_in_every_mode_and_format(PushMode mode, PushFormat format)
    {
        await using var receiver = await LoopbackPushReceiver.StartAsync();
        using var pusher = new WeChatPusher(Options(receiver, mode, format), new FakeTimeProvider(Now));

        var delivery = await pusher.PushAsync(SampleEvent());

        var request = Assert.Single(receiver.Received);
        Assert.True(delivery.Delivered);
        Assert.Equal(200, Assert.Single(delivery.Attempts).StatusCode);
        Assert.Equal(delivery.Body, request.Body);
        Assert.Equal("POST", request.Method);
        Assert.StartsWith(format == PushFormat.Xml ? "text/xml" : "application/json", request.ContentType, StringComparison.Ordinal);

        var query = request.Query;
        Assert.Equal(Now.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture), query["timestamp"]);
        Assert.Matches(Digits(), query["nonce"]);
        Assert.Equal(IndependentPushCrypto.Signature(Token, query["timestamp"], query["nonce"]), query["signature"]);
        Assert.Equal("oUser0123456789", query["openid"]);

        var body = Parse(request.Body, format);
        var expected = ExpectedMessage();
        if (mode == PushMode.Plain)
        {
            Assert.Equal(["signature", "timestamp", "nonce", "openid"], request.QueryNames);
            Assert.Equal(expected.ToJsonString(Relaxed), body.ToJsonString(Relaxed));
            return;
        }

        Assert.Equal(["signature", "timestamp", "nonce", "openid", "encrypt_type", "msg_signature"], request.QueryNames);
        Assert.Equal("aes", query["encrypt_type"]);
        var encrypt = (string)body["Encrypt"]!;
        Assert.Equal(IndependentPushCrypto.Signature(Token, query["timestamp"], query["nonce"], encrypt), query["msg_signature"]);
        var decrypted = IndependentPushCrypto.Decrypt(AesKey, encrypt);
        Assert.True(decrypted.PadIsValid);
        Assert.Equal(AppId, decrypted.AppId);
        Assert.Equal(expected.ToJsonString(Relaxed), Parse(decrypted.Message!, format).ToJsonString(Relaxed));

        if (mode == PushMode.Safe)
        {
            Assert.Equal(["ToUserName", "Encrypt"], body.Select(member => member.Key));
            Assert.Equal("gh_0123456789ab", (string?)body["ToUserName"]);
        }
        else
        {
            body.Remove("Encrypt");
            Assert.Equal(expected.ToJsonString(Relaxed), body.ToJsonString(Relaxed));
        }
    }

    [Fact]
    public async Task Xml_carries_actions_as_repeated_elements_without_a_wrapper_and_text_in_cdata()
    {
        await using var receiver = await LoopbackPushReceiver.StartAsync();
        using var pusher = new WeChatPusher(Options(receiver, PushMode.Plain, PushFormat.Xml), new FakeTimeProvider(Now));

        await pusher.PushAsync(SampleEvent());

        var body = Assert.Single(receiver.Received).Body;
        Assert.StartsWith("<xml><ToUserName><![CDATA[gh_0123456789ab]]></ToUserName>", body, StringComparison.Ordinal);
        Assert.Contains("<CreateTime>1717228800</CreateTime>", body, StringComparison.Ordinal);
        Assert.Contains(
            "<Actions><ActionTime>1717200000</ActionTime><ActionType>100001</ActionType><ActionMsg><![CDATA[揽件阶段]]></ActionMsg></Actions>" +
            "<Actions><ActionTime>1717203600</ActionTime><ActionType>200001</ActionType><ActionMsg><![CDATA[到达<广州>集包地]]]]><![CDATA[>]]></ActionMsg></Actions></xml>",
            body,
            StringComparison.Ordinal);
        Assert.Equal("到达<广州>集包地]]>", (string?)PushMessages.XmlToJson(body)["Actions"]![1]!["ActionMsg"]);
    }

    [Fact]
    public async Task A_receiver_that_never_answers_success_gets_three_tries_of_the_same_message()
    {
        await using var receiver = await LoopbackPushReceiver.StartAsync();
        using var pusher = new WeChatPusher(Options(receiver, PushMode.Safe, PushFormat.Xml));
        receiver.ThenAnswer(500, "error");
        receiver.ThenAnswer(200, "ok");
        receiver.ThenAnswer(200, "SUCCESS");

        var delivery = await pusher.PushAsync(SampleEvent());

        Assert.False(delivery.Delivered);
        Assert.Equal([500, 200, 200], delivery.Attempts.Select(attempt => attempt.StatusCode));
        Assert.Equal(["error", "ok", "SUCCESS"], delivery.Attempts.Select(attempt => attempt.ResponseBody));
        Assert.All(delivery.Attempts, attempt => Assert.Null(attempt.Failure));
        Assert.Equal(3, receiver.Received.Count);
        Assert.Single(receiver.Received.Select(request => (request.Body, string.Join("&", request.Query))).Distinct());
    }

    [Fact]
    public async Task Success_on_the_second_try_ends_the_tries_and_an_empty_200_counts_as_delivered()
    {
        await using var receiver = await LoopbackPushReceiver.StartAsync();
        using var pusher = new WeChatPusher(Options(receiver, PushMode.Plain, PushFormat.Json));
        receiver.ThenAnswer(503, string.Empty);
        receiver.ThenAnswer(200, "success");
        receiver.ThenAnswer(200, string.Empty);

        var second = await pusher.PushAsync(SampleEvent());
        var empty = await pusher.PushAsync(SampleEvent());

        Assert.True(second.Delivered);
        Assert.Equal([503, 200], second.Attempts.Select(attempt => attempt.StatusCode));
        Assert.True(empty.Delivered);
        Assert.Equal(string.Empty, Assert.Single(empty.Attempts).ResponseBody);
        Assert.Equal(3, receiver.Received.Count);
    }

    [Fact]
    public async Task A_receiver_that_hangs_is_given_up_on_after_five_seconds_three_times()
    {
        await using var receiver = await LoopbackPushReceiver.StartAsync();
        var time = new FakeTimeProvider(Now);
        using var pusher = new WeChatPusher(Options(receiver, PushMode.Safe, PushFormat.Json), time);
        var never = new TaskCompletionSource();
        for (var i = 0; i < 3; i++)
        {
            receiver.ThenHang(never.Task);
        }

        var push = pusher.PushAsync(SampleEvent());

        // The push's deadlines and pauses run on the fake clock: move it until WeChat would have given up.
        var limit = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (!push.IsCompleted && DateTime.UtcNow < limit)
        {
            await Task.Delay(20);
            time.Advance(TimeSpan.FromSeconds(1));
        }

        var delivery = await push;
        Assert.False(delivery.Delivered);
        Assert.Equal(3, delivery.Attempts.Count);
        Assert.All(delivery.Attempts, attempt =>
        {
            Assert.Null(attempt.StatusCode);
            Assert.Equal("no answer within 5 s", attempt.Failure);
            Assert.True(attempt.Duration >= TimeSpan.FromSeconds(5), $"gave up after {attempt.Duration}");
        });
        Assert.Equal(3, receiver.Received.Count);
    }

    [Fact]
    public async Task A_receiver_that_cannot_be_reached_gets_three_tries_recorded_as_connection_failures()
    {
        using var pusher = new WeChatPusher(new PushOptions { TargetUrl = new Uri($"http://127.0.0.1:{ClosedPort()}/api/logistics/push") });

        var delivery = await pusher.PushAsync(SampleEvent());

        Assert.False(delivery.Delivered);
        Assert.Equal(3, delivery.Attempts.Count);
        Assert.All(delivery.Attempts, attempt =>
        {
            Assert.Null(attempt.StatusCode);
            Assert.Equal(nameof(HttpRequestError.ConnectionError), attempt.Failure);
        });
    }

    [Fact]
    public async Task Tampering_breaks_exactly_what_it_names()
    {
        await using var receiver = await LoopbackPushReceiver.StartAsync();
        using var pusher = new WeChatPusher(Options(receiver, PushMode.Safe, PushFormat.Json), new FakeTimeProvider(Now));

        await pusher.PushAsync(SampleEvent(), new PushTampering { WrongSignature = true });
        await pusher.PushAsync(SampleEvent(), new PushTampering { WrongMsgSignature = true });
        await pusher.PushAsync(SampleEvent(), new PushTampering { TimestampOffset = TimeSpan.FromMinutes(-10) });
        await pusher.PushAsync(SampleEvent(), new PushTampering { AppId = "wxffffffffffffffff" });
        await pusher.PushAsync(SampleEvent(), new PushTampering { Padding = PaddingTampering.MismatchedPad });

        var requests = receiver.Received;
        Assert.Equal(5, requests.Count);
        var (wrongSignature, wrongMsgSignature, stale, foreignAppId, badPadding) = (requests[0], requests[1], requests[2], requests[3], requests[4]);
        Assert.Matches(Hex40(), wrongSignature.Query["signature"]);
        Assert.False(SignatureIsValid(wrongSignature));
        Assert.True(MsgSignatureIsValid(wrongSignature));
        Assert.True(SignatureIsValid(wrongMsgSignature));
        Assert.False(MsgSignatureIsValid(wrongMsgSignature));
        Assert.Equal((Now - TimeSpan.FromMinutes(10)).ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture), stale.Query["timestamp"]);
        Assert.True(SignatureIsValid(stale) && MsgSignatureIsValid(stale));
        Assert.Equal("wxffffffffffffffff", IndependentPushCrypto.Decrypt(AesKey, EncryptOf(foreignAppId)).AppId);
        Assert.True(SignatureIsValid(foreignAppId) && MsgSignatureIsValid(foreignAppId));
        Assert.False(IndependentPushCrypto.Decrypt(AesKey, EncryptOf(badPadding)).PadIsValid);
    }

    [Fact]
    public async Task Any_message_can_be_pushed_and_a_raw_body_goes_out_exactly_as_given()
    {
        await using var receiver = await LoopbackPushReceiver.StartAsync();
        using var pusher = new WeChatPusher(Options(receiver, PushMode.Compatible, PushFormat.Xml), new FakeTimeProvider(Now));
        var other = new JsonObject
        {
            ["ToUserName"] = "gh_0123456789ab",
            ["FromUserName"] = "oOther",
            ["CreateTime"] = 1717228800,
            ["MsgType"] = "event",
            ["Event"] = "user_enter_tempsession",
        };

        await pusher.PushAsync(other);
        var raw = await pusher.PushRawAsync("<xml><Encrypt>not base64</Encrypt>", "not base64", "oRaw");

        var (pushed, sent) = (receiver.Received[0], receiver.Received[1]);
        Assert.Equal("oOther", pushed.Query["openid"]);
        Assert.Equal("user_enter_tempsession", (string?)PushMessages.XmlToJson(pushed.Body)["Event"]);
        Assert.Equal("<xml><Encrypt>not base64</Encrypt>", sent.Body);
        Assert.Equal(raw.Body, sent.Body);
        Assert.Equal("oRaw", sent.Query["openid"]);
        Assert.Equal(IndependentPushCrypto.Signature(Token, sent.Query["timestamp"], sent.Query["nonce"], "not base64"), sent.Query["msg_signature"]);
    }

    [Fact]
    public async Task The_url_verification_get_carries_a_valid_signature_and_the_echostr()
    {
        await using var receiver = await LoopbackPushReceiver.StartAsync();
        using var pusher = new WeChatPusher(Options(receiver, PushMode.Safe, PushFormat.Xml), new FakeTimeProvider(Now));
        receiver.ThenAnswer(200, "echo-4471");

        var attempt = await pusher.VerifyUrlAsync("echo-4471");

        var request = Assert.Single(receiver.Received);
        Assert.Equal("GET", request.Method);
        Assert.Equal(["signature", "timestamp", "nonce", "echostr"], request.QueryNames);
        Assert.Equal("echo-4471", request.Query["echostr"]);
        Assert.True(SignatureIsValid(request));
        Assert.Equal("echo-4471", attempt.ResponseBody);
    }

    [Fact]
    public void Settings_that_cannot_work_are_refused_by_name()
    {
        Assert.Throws<ArgumentException>(() => new WeChatPusher(new PushOptions { TargetUrl = new Uri("ftp://127.0.0.1/push") }));
        Assert.Throws<ArgumentException>(() => new WeChatPusher(new PushOptions { EncodingAesKey = "short" }));
        Assert.Throws<ArgumentException>(() => new WeChatPusher(new PushOptions { Token = " " }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new WeChatPusher(new PushOptions { Attempts = 0 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new WeChatPusher(new PushOptions { AttemptTimeout = TimeSpan.Zero }));
    }

    [Fact]
    public void The_defaults_are_those_of_a_local_run_against_the_functions_app()
    {
        var defaults = new PushOptions();

        Assert.Equal(new Uri("http://127.0.0.1:7071/api/logistics/push"), defaults.TargetUrl);
        Assert.Equal(Token, defaults.Token);
        Assert.Equal(AesKey, defaults.EncodingAesKey);
        Assert.Equal(AppId, defaults.AppId);
        Assert.Equal(PushMode.Safe, defaults.Mode);
        Assert.Equal(PushFormat.Xml, defaults.Format);
        Assert.Equal(TimeSpan.FromSeconds(5), defaults.AttemptTimeout);
        Assert.Equal(3, defaults.Attempts);
    }

    internal static PushOptions Options(LoopbackPushReceiver receiver, PushMode mode, PushFormat format) =>
        new() { TargetUrl = receiver.Url, Mode = mode, Format = format };

    private static ExpressPathEvent SampleEvent() => new(
        "gh_0123456789ab",
        "oUser0123456789",
        Now.ToUnixTimeSeconds(),
        "TEST",
        "TEST000000000001",
        "o-1",
        Version: 2,
        [new SimulatedPathItem(1717200000, 100001, "揽件阶段"), new SimulatedPathItem(1717203600, 200001, "到达<广州>集包地]]>")]);

    // Written out from the onPathUpdate page's field list, not from ExpressPathEvent.
    private static JsonObject ExpectedMessage() => JsonNode.Parse("""
        {"ToUserName":"gh_0123456789ab","FromUserName":"oUser0123456789","CreateTime":1717228800,"MsgType":"event",
         "Event":"add_express_path","DeliveryID":"TEST","WayBillId":"TEST000000000001","OrderId":"o-1","Version":2,"Count":2,
         "Actions":[{"ActionTime":1717200000,"ActionType":100001,"ActionMsg":"揽件阶段"},
                    {"ActionTime":1717203600,"ActionType":200001,"ActionMsg":"到达<广州>集包地]]>"}]}
        """)!.AsObject();

    private static JsonObject Parse(string text, PushFormat format) =>
        format == PushFormat.Xml ? PushMessages.XmlToJson(text) : JsonNode.Parse(text)!.AsObject();

    private static string EncryptOf(ReceivedRequest request) => (string)JsonNode.Parse(request.Body)!["Encrypt"]!;

    private static bool SignatureIsValid(ReceivedRequest request) =>
        request.Query["signature"] == IndependentPushCrypto.Signature(Token, request.Query["timestamp"], request.Query["nonce"]);

    private static bool MsgSignatureIsValid(ReceivedRequest request) =>
        request.Query["msg_signature"] == IndependentPushCrypto.Signature(Token, request.Query["timestamp"], request.Query["nonce"], EncryptOf(request));

    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    [GeneratedRegex("^[0-9]{9,10}$")]
    private static partial Regex Digits();

    [GeneratedRegex("^[0-9a-f]{40}$")]
    private static partial Regex Hex40();
}
