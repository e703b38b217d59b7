using LogisticsFunctions.WeChatSimulator;

// `dotnet run --project tools/WeChatSimulator -- --urls http://127.0.0.1:5080`: the app the tests start, on a known port,
// for running the Functions host against locally.
var urls = new ConfigurationBuilder().AddCommandLine(args).Build()["urls"] ?? "http://127.0.0.1:5080";
await using var server = await WeChatSimulatorServer.StartAsync(new WeChatSimulatorOptions(), urls, standalone: true, CancellationToken.None);

Console.WriteLine($"WeChat simulator listening on {server.BaseAddress}");
Console.WriteLine($"  appid:  {server.AppId}");
Console.WriteLine($"  secret: {server.AppSecret}");
Console.WriteLine("Press Ctrl+C to stop.");
await server.WaitForShutdownAsync();
