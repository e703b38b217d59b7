using LogisticsFunctions.WebhookDeadLetters;

// dotnet run --project tools/WebhookDeadLetters -- list|replay <message-id>|replay --all
//   (--queue-service-uri https://<account>.queue.core.windows.net/ | --connection-string UseDevelopmentStorage=true)
using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    stop.Cancel();
};
return await DeadLetterCommand.RunAsync(args, Console.Out, Console.Error, stop.Token);
