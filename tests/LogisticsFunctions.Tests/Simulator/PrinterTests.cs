using System.Text.Json.Nodes;
using LogisticsFunctions.WeChatSimulator;

namespace LogisticsFunctions.Tests.Simulator;

/// <summary>getPrinter and updatePrinter: tagid_list goes in as a comma-separated string and comes out as an array.</summary>
public sealed class PrinterTests
{
    private const string SamplePrinter = "o6_bmjrPTlm6_2sgVt7hMZOPfL2M";
    private const string DocumentedPrinter = "oJ4v0wRAfiXcnIbM3SgGEUkTw3Qw";

    [Fact]
    public async Task GetPrinter_lists_the_sample_printer_with_its_tags_as_an_array()
    {
        await using var server = await WeChatSimulatorServer.StartAsync();
        using var caller = await SimulatorCaller.ConnectAsync(server);

        var text = await caller.SendForTextAsync(HttpMethod.Get, ExpressRoutes.PrinterGetAll, body: null, caller.Token);

        Assert.Equal($$"""{"errcode":0,"errmsg":"ok","count":1,"openid":["{{SamplePrinter}}"],"tagid_list":["101"]}""", text);
    }

    [Fact]
    public async Task The_documented_bind_adds_the_printer_and_its_tags_and_unbind_removes_it()
    {
        await using var server = await WeChatSimulatorServer.StartAsync();
        using var caller = await SimulatorCaller.ConnectAsync(server);

        var bound = await caller.PostAsync(ExpressRoutes.PrinterUpdate, """{"openid":"oJ4v0wRAfiXcnIbM3SgGEUkTw3Qw","update_type":"bind","tagid_list":"123,456"}""");
        var afterBind = await caller.GetAsync(ExpressRoutes.PrinterGetAll);
        var unbound = await caller.PostAsync(ExpressRoutes.PrinterUpdate, Update(DocumentedPrinter, "unbind"));
        var afterUnbind = await caller.GetAsync(ExpressRoutes.PrinterGetAll);

        Assert.Equal("""{"errcode":0,"errmsg":"ok"}""", bound.ToJsonString());
        Assert.Equal(2, (int)afterBind["count"]!);
        Assert.Equal([SamplePrinter, DocumentedPrinter], afterBind["openid"]!.AsArray().Select(openid => (string)openid!));
        Assert.Equal(["101", "123", "456"], afterBind["tagid_list"]!.AsArray().Select(tag => (string)tag!));
        SimulatorCaller.AssertOk(unbound);
        Assert.Equal(1, (int)afterUnbind["count"]!);
        Assert.Equal(["101"], afterUnbind["tagid_list"]!.AsArray().Select(tag => (string)tag!));
    }

    [Fact]
    public async Task Binding_a_bound_printer_again_replaces_its_tags_and_unbinding_an_unbound_one_succeeds()
    {
        await using var server = await WeChatSimulatorServer.StartAsync();
        using var caller = await SimulatorCaller.ConnectAsync(server);

        var rebound = await caller.PostAsync(ExpressRoutes.PrinterUpdate, Update(SamplePrinter, "bind", "7,8"));
        var unboundStranger = await caller.PostAsync(ExpressRoutes.PrinterUpdate, Update("oStranger", "unbind"));
        var printers = await caller.GetAsync(ExpressRoutes.PrinterGetAll);

        SimulatorCaller.AssertOk(rebound);
        SimulatorCaller.AssertOk(unboundStranger);
        Assert.Equal(1, (int)printers["count"]!);
        Assert.Equal(["7", "8"], printers["tagid_list"]!.AsArray().Select(tag => (string)tag!));
    }

    [Theory]
    [InlineData("123, 456")]
    [InlineData("123,,456")]
    [InlineData(",123")]
    [InlineData("abc")]
    [InlineData("1,2,3,4,5,6,7,8,9,10,11")]
    public async Task A_tagid_list_that_is_not_up_to_ten_comma_separated_ids_is_9300533_and_binds_nothing(string tagIdList)
    {
        await using var server = await WeChatSimulatorServer.StartAsync();
        using var caller = await SimulatorCaller.ConnectAsync(server);

        var refused = await caller.PostAsync(ExpressRoutes.PrinterUpdate, Update(DocumentedPrinter, "bind", tagIdList));
        var printers = await caller.GetAsync(ExpressRoutes.PrinterGetAll);

        SimulatorCaller.AssertError(refused, 9300533, "invalid tagid_list");
        Assert.Equal(1, (int)printers["count"]!);
    }

    [Fact]
    public async Task Ten_tag_ids_are_accepted()
    {
        await using var server = await WeChatSimulatorServer.StartAsync();
        using var caller = await SimulatorCaller.ConnectAsync(server);

        SimulatorCaller.AssertOk(await caller.PostAsync(ExpressRoutes.PrinterUpdate, Update(DocumentedPrinter, "bind", "1,2,3,4,5,6,7,8,9,10")));
    }

    [Theory]
    [InlineData("""{"openid":"o1","update_type":"rebind"}""", 9300517, "invalid update_type, please use [bind] or [unbind]")]
    [InlineData("""{"openid":"o1"}""", 47001, "data format error")]
    [InlineData("""{"update_type":"bind"}""", 47001, "data format error")]
    [InlineData("""{"openid":"o1","update_type":"bind","tagid_list":["123","456"]}""", 47001, "data format error")]
    public async Task UpdatePrinter_refuses_a_bad_body_with_wechats_errcode(string body, int errcode, string message)
    {
        await using var server = await WeChatSimulatorServer.StartAsync();
        using var caller = await SimulatorCaller.ConnectAsync(server);

        SimulatorCaller.AssertError(await caller.PostAsync(ExpressRoutes.PrinterUpdate, body), errcode, message);
    }

    private static JsonObject Update(string openid, string updateType, string? tagIdList = null)
    {
        var body = new JsonObject { ["openid"] = openid, ["update_type"] = updateType };
        if (tagIdList is not null)
        {
            body["tagid_list"] = tagIdList;
        }

        return body;
    }
}
