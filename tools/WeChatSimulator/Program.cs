using LogisticsFunctions.WeChatSimulator;
using LogisticsFunctions.WeChatSimulator.Backend;
using LogisticsFunctions.WeChatSimulator.Push;

// `dotnet run --project tools/WeChatSimulator -- --urls http://127.0.0.1:5080`: the app the tests start, on a known port,
// for running the Functions host against locally. testUpdateOrder pushes to the local app's receiver unless `--push off`;
// /backend/webhook plays the backend that receives the app's webhooks, verified with `--webhook-secret` (the local default).
var arguments = new ConfigurationBuilder().AddCommandLine(args).Build();
var urls = arguments["urls"] ?? "http://127.0.0.1:5080";
PushOptions? push;
try
{
    push = PushCommandLine.Read(arguments);
}
catch (ArgumentException exception)
{
    Console.Error.WriteLine(exception.Message);
    Console.Error.WriteLine($"Options: --urls URL  {PushCommandLine.Usage}  --webhook-secret whsec_…");
    return 2;
}

var webhookSecret = arguments["webhook-secret"] ?? WebhookBackend.DevelopmentSecret;
await using var server = await WeChatSimulatorServer.StartAsync(
    new WeChatSimulatorOptions { Push = push, WebhookSecret = webhookSecret }, urls, standalone: true, CancellationToken.None);

Console.WriteLine($"WeChat simulator listening on {server.BaseAddress}");
Console.WriteLine($"  appid:  {server.AppId}");
Console.WriteLine($"  secret: {server.AppSecret}");
if (push is null)
{
    Console.WriteLine("  push:   off");
}
else
{
    Console.WriteLine($"  push:   {push.Mode.ToString().ToLowerInvariant()} {push.Format.ToString().ToUpperInvariant()} to {push.TargetUrl} on testUpdateOrder");
    Console.WriteLine($"    Token:          {push.Token}");
    Console.WriteLine($"    EncodingAESKey: {push.EncodingAesKey}");
    Console.WriteLine($"    AppId:          {push.AppId}");
    Console.WriteLine($"    ToUserName:     {push.ToUserName}");
}

Console.WriteLine($"  backend: {server.WebhookUrl} verifies webhooks with {(webhookSecret == WebhookBackend.DevelopmentSecret ? "the development secret (local.settings.example.json's Webhook__Secret)" : "the --webhook-secret given")}");
Console.WriteLine("Press Ctrl+C to stop.");
await server.WaitForShutdownAsync();
return 0;
