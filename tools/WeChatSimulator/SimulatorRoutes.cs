using System.Text.Json;
using LogisticsFunctions.WeChatSimulator.Backend;
using LogisticsFunctions.WeChatSimulator.Express;
using LogisticsFunctions.WeChatSimulator.Push;

namespace LogisticsFunctions.WeChatSimulator;

/// <summary>Every endpoint the simulator plays, bound to one simulator's state (and its pushes, when it pushes).</summary>
internal static class SimulatorRoutes
{
    internal static IReadOnlyList<SimulatorRoute> For(SimulatorState state, PushDispatcher? pushes) =>
    [
        new(SimulatorEndpoint.StableToken, StableTokenEndpoint.Path, HttpMethods.Post, false, new StableTokenEndpoint(state).AnswerAsync),
        new(SimulatorEndpoint.PathGet, PathGetEndpoint.Path, HttpMethods.Post, true, new PathGetEndpoint(state).AnswerAsync),
        new(SimulatorEndpoint.DeliveryGetAll, DeliveryGetAllEndpoint.Path, HttpMethods.Get, true, DeliveryGetAllEndpoint.AnswerAsync),
        new(SimulatorEndpoint.AccountGetAll, AccountGetAllEndpoint.Path, HttpMethods.Get, true, new AccountGetAllEndpoint(state).AnswerAsync),
        new(SimulatorEndpoint.PrinterGetAll, PrinterGetAllEndpoint.Path, HttpMethods.Get, true, new PrinterGetAllEndpoint(state).AnswerAsync),
        new(SimulatorEndpoint.QuotaGet, QuotaGetEndpoint.Path, HttpMethods.Post, true, JsonObjectBody(state, new QuotaGetEndpoint(state).AnswerAsync)),
        new(SimulatorEndpoint.OrderGet, OrderGetEndpoint.Path, HttpMethods.Post, true, JsonObjectBody(state, new OrderGetEndpoint(state).AnswerAsync)),
        new(SimulatorEndpoint.OrderBatchGet, OrderBatchGetEndpoint.Path, HttpMethods.Post, true, JsonObjectBody(state, new OrderBatchGetEndpoint(state).AnswerAsync)),
        new(SimulatorEndpoint.OrderAdd, OrderAddEndpoint.Path, HttpMethods.Post, true, JsonObjectBody(state, new OrderAddEndpoint(state).AnswerAsync)),
        new(SimulatorEndpoint.OrderCancel, OrderCancelEndpoint.Path, HttpMethods.Post, true, JsonObjectBody(state, new OrderCancelEndpoint(state).AnswerAsync)),
        new(SimulatorEndpoint.AccountBind, AccountBindEndpoint.Path, HttpMethods.Post, true, JsonObjectBody(state, new AccountBindEndpoint(state).AnswerAsync)),
        new(SimulatorEndpoint.PrinterUpdate, PrinterUpdateEndpoint.Path, HttpMethods.Post, true, JsonObjectBody(state, new PrinterUpdateEndpoint(state).AnswerAsync)),
        new(SimulatorEndpoint.TestUpdateOrder, TestUpdateOrderEndpoint.Path, HttpMethods.Post, true, JsonObjectBody(state, new TestUpdateOrderEndpoint(state, pushes).AnswerAsync)),
        new(SimulatorEndpoint.Webhook, WebhookBackend.Path, HttpMethods.Post, false, state.Webhooks.AnswerAsync),
    ];

    /// <summary>
    /// The express family's POST endpoints take a JSON object and answer anything else with 47001 before reading a
    /// member; the endpoint gets the parsed object.
    /// </summary>
    private static Func<HttpContext, string, Task> JsonObjectBody(SimulatorState state, Func<HttpContext, JsonElement, Task> answerAsync) =>
        async (context, body) =>
        {
            using var document = WeChatJson.TryParseObject(body);
            if (document is null)
            {
                await WeChatJson.WriteErrorAsync(context, ExpressErrors.DataFormat, state.TimeProvider);
                return;
            }

            await answerAsync(context, document.RootElement);
        };
}
