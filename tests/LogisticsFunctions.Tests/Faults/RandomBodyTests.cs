using System.Net;
using System.Text;
using System.Text.Json;
using LogisticsFunctions.Tests.Seed;
using LogisticsFunctions.Tests.Support;
using LogisticsFunctions.WeChatSimulator;

namespace LogisticsFunctions.Tests.Faults;

/// <summary>
/// Thousands of mutated and random bodies through the function against the simulator: every one gets
/// a JSON answer below 500, and no exception escapes. The seed is fixed, so a failure reproduces.
/// </summary>
public sealed class RandomBodyTests : IAsyncLifetime
{
    private const int Seed = 20261128;
    private const int Cases = 4000;

    private static readonly string[] Fragments =
    [
        "{", "}", "[", "]", ",", ":", "\"", "\\", "null", "true", "false", "0", "-1", "1e308", "1.5", "\"\"",
        "\"orderId\"", "\"openid\"", "\"deliveryId\"", "\"waybillId\"", "\"SF\"", "\"\\u0000\"", "\"\\ud800\"",
        "\"快递\"", " ", "\n", "\u0001", "\u00ff", "<html>", "\"a\":", "{\"x\":{\"y\":[1,2,{}]}}",
    ];

    private WeChatSimulatorServer _simulator = null!;
    private WeChatTestServices _app = null!;

    public async Task InitializeAsync()
    {
        _simulator = await WeChatSimulatorServer.StartAsync();
        _app = WeChatTestServices.Create(_simulator);
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        await _simulator.DisposeAsync();
    }

    [Fact]
    public async Task NoBodyMakesTheFunctionFailOrLetAnExceptionEscape()
    {
        var random = new Random(Seed);
        var statuses = new Dictionary<HttpStatusCode, int>();
        for (var i = 0; i < Cases; i++)
        {
            var body = NextBody(random, i);
            TestHttpResponseData response;
            try
            {
                response = await _app.InvokeGetPathAsync(body);
            }
            catch (Exception ex)
            {
                Assert.Fail($"case {i} (seed {Seed}) threw {ex.GetType().Name}: {ex.Message}\nbody: {Convert.ToBase64String(body)}");
                throw;
            }

            Assert.True((int)response.StatusCode < 500, $"case {i} (seed {Seed}) answered {(int)response.StatusCode}: {response.BodyText}\nbody: {Convert.ToBase64String(body)}");
            var json = response.Json;
            Assert.True(json.ContainsKey("errMsg"), $"case {i}: no errMsg in {response.BodyText}");
            statuses[response.StatusCode] = statuses.GetValueOrDefault(response.StatusCode) + 1;
        }

        // The generator must reach every layer: refusals by validation, by WeChat, and successes.
        Assert.True(statuses.GetValueOrDefault(HttpStatusCode.BadRequest) > Cases / 4, Describe(statuses));
        Assert.True(statuses.GetValueOrDefault(HttpStatusCode.OK) > 50, Describe(statuses));
        Assert.True(statuses.GetValueOrDefault(HttpStatusCode.NotFound) > 50, Describe(statuses));
    }

    private static string Describe(Dictionary<HttpStatusCode, int> statuses) =>
        string.Join(", ", statuses.Select(s => $"{(int)s.Key}: {s.Value}"));

    private static byte[] NextBody(Random random, int index) => (index % 4) switch
    {
        0 => MutateBytes(random, Encoding.UTF8.GetBytes(SeedExample.Request)),
        1 => Encoding.UTF8.GetBytes(ShuffleFragments(random)),
        2 => Encoding.UTF8.GetBytes(MutateFields(random)),
        _ => RandomBytes(random),
    };

    private static byte[] MutateBytes(Random random, byte[] body)
    {
        var bytes = new List<byte>(body);
        for (var edits = random.Next(1, 4); edits > 0 && bytes.Count > 0; edits--)
        {
            var at = random.Next(bytes.Count);
            switch (random.Next(3))
            {
                case 0:
                    bytes[at] = (byte)random.Next(256);
                    break;
                case 1:
                    bytes.RemoveAt(at);
                    break;
                default:
                    bytes.Insert(at, (byte)random.Next(256));
                    break;
            }
        }

        return [.. bytes];
    }

    private static string ShuffleFragments(Random random)
    {
        var builder = new StringBuilder();
        for (var count = random.Next(1, 20); count > 0; count--)
        {
            builder.Append(Fragments[random.Next(Fragments.Length)]);
        }

        return builder.ToString();
    }

    // Well-formed JSON with the contract's fields given odd values, types, names and sizes.
    private static string MutateFields(Random random)
    {
        var fields = new Dictionary<string, object?>
        {
            ["orderId"] = "o-" + random.Next(),
            ["deliveryId"] = random.Next(3) == 0 ? "ZTO" : "SF",
            ["waybillId"] = random.Next(2) == 0 ? "12345678901234567890" : random.Next().ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        if (random.Next(2) == 0)
        {
            fields["openid"] = "o" + random.Next();
        }

        var key = fields.Keys.ElementAt(random.Next(fields.Count));
        fields[key] = random.Next(12) switch
        {
            0 => null,
            1 => random.Next(),
            2 => new[] { "a" },
            3 => new { nested = true },
            4 => "",
            5 => new string('x', random.Next(100, 2000)),
            6 => "\t" + fields[key],
            7 => "快递" + (char)random.Next(0, 32),
            8 => true,
            9 => new string((char)random.Next(0x80, 0xA0), 3),
            _ => fields[key],
        };
        if (random.Next(6) == 0)
        {
            fields["extra" + random.Next(3)] = 1;
        }

        return JsonSerializer.Serialize(fields);
    }

    private static byte[] RandomBytes(Random random)
    {
        var bytes = new byte[random.Next(0, 300)];
        random.NextBytes(bytes);
        return bytes;
    }
}
