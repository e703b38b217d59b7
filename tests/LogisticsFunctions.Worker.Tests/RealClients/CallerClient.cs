using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using LogisticsFunctions.Client;
using LogisticsFunctions.Client.Api.Logistics.AddOrder;
using LogisticsFunctions.Client.Api.Logistics.TestUpdateOrder;
using LogisticsFunctions.Client.Models;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Kiota.Abstractions.Authentication;
using Microsoft.Kiota.Abstractions.Serialization;
using Microsoft.Kiota.Bundle;

namespace LogisticsFunctions.Worker.Tests.RealClients;

/// <summary>What a caller's stack handed back: the status, the errCode, Retry-After, and addOrder's waybill and mark.</summary>
public sealed record CallerOutcome(int Status, int? ErrCode, string? RetryAfter, string? WaybillId = null, bool? Recovered = null);

/// <summary>
/// The two ordinary .NET stacks a backend calls the app with, each with its defaults: the Kiota client generated from
/// docs/openapi.json (its default handlers, retry included) and an HttpClient with Microsoft.Extensions.Http.Resilience's
/// standard handler. Both post the same camelCase JSON a cloud function passes.
/// </summary>
public abstract class CallerClient : IDisposable
{
    public const string Kiota = "kiota";
    public const string StandardResilience = "standard-resilience";

    public static CallerClient Create(string name, Uri baseAddress) => name switch
    {
        Kiota => new KiotaCaller(baseAddress),
        StandardResilience => new ResilienceCaller(baseAddress),
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, null),
    };

    public abstract Task<CallerOutcome> TestUpdateOrderAsync(string json);

    public abstract Task<CallerOutcome> AddOrderAsync(string json);

    public void Dispose()
    {
        Dispose(disposing: true);
        GC.SuppressFinalize(this);
    }

    protected abstract void Dispose(bool disposing);

    private sealed class KiotaCaller : CallerClient
    {
        private readonly DefaultRequestAdapter _adapter;
        private readonly LogisticsClient _client;

        public KiotaCaller(Uri baseAddress)
        {
            // As a caller sets it up: the bundle's adapter (an HttpClient with Kiota's default handlers) and the app's
            // address as the base URL. The function key travels in x-functions-key on Azure (ApiKeyAuthenticationProvider,
            // which takes https only); the loopback front end checks none.
            _adapter = new DefaultRequestAdapter(new AnonymousAuthenticationProvider()) { BaseUrl = baseAddress.AbsoluteUri.TrimEnd('/') };
            _client = new LogisticsClient(_adapter);
        }

        public override Task<CallerOutcome> TestUpdateOrderAsync(string json) => CallAsync(async () =>
        {
            var body = await KiotaJsonSerializer.DeserializeAsync(json, TestUpdateOrderPostRequestBody.CreateFromDiscriminatorValue);
            await _client.Api.Logistics.TestUpdateOrder.PostAsync(body!);
            return new CallerOutcome(200, 0, null);
        });

        public override Task<CallerOutcome> AddOrderAsync(string json) => CallAsync(async () =>
        {
            var body = await KiotaJsonSerializer.DeserializeAsync(json, AddOrderPostRequestBody.CreateFromDiscriminatorValue);
            var answer = await _client.Api.Logistics.AddOrder.PostAsync(body!);
            return new CallerOutcome(200, answer!.ErrCode, null, answer.WaybillId, answer.Recovered);
        });

        protected override void Dispose(bool disposing) => _adapter.Dispose();

        private static async Task<CallerOutcome> CallAsync(Func<Task<CallerOutcome>> call)
        {
            try
            {
                return await call();
            }
            catch (CloudCallError error)
            {
                // The document maps every failure status to CloudCallError: the generated client throws it.
                var retryAfter = error.ResponseHeaders.TryGetValue("Retry-After", out var values) ? string.Join(",", values) : null;
                return new CallerOutcome(error.ResponseStatusCode, error.ErrCode, retryAfter);
            }
        }
    }

    private sealed class ResilienceCaller : CallerClient
    {
        private readonly ServiceProvider _services;
        private readonly HttpClient _client;

        public ResilienceCaller(Uri baseAddress)
        {
            var services = new ServiceCollection();
            services.AddHttpClient("logistics", client => client.BaseAddress = baseAddress).AddStandardResilienceHandler();
            _services = services.BuildServiceProvider();
            _client = _services.GetRequiredService<IHttpClientFactory>().CreateClient("logistics");
        }

        public override Task<CallerOutcome> TestUpdateOrderAsync(string json) => PostAsync("api/logistics/testUpdateOrder", json);

        public override Task<CallerOutcome> AddOrderAsync(string json) => PostAsync("api/logistics/addOrder", json);

        protected override void Dispose(bool disposing)
        {
            _client.Dispose();
            _services.Dispose();
        }

        private async Task<CallerOutcome> PostAsync(string path, string json)
        {
            using var content = new StringContent(json, Encoding.UTF8, "application/json");
            using var response = await _client.PostAsync(new Uri(path, UriKind.Relative), content);
            var answer = await response.Content.ReadFromJsonAsync<JsonObject>();
            return new CallerOutcome(
                (int)response.StatusCode,
                (int?)answer!["errCode"],
                response.Headers.TryGetValues("Retry-After", out var values) ? string.Join(",", values) : null,
                (string?)answer["waybillId"],
                (bool?)answer["recovered"]);
        }
    }
}
