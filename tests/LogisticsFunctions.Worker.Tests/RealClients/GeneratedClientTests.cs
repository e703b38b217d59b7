using LogisticsFunctions.Client;
using LogisticsFunctions.Client.Api.Logistics.GetOrder;
using LogisticsFunctions.Client.Api.Logistics.GetQuota;
using Microsoft.Kiota.Abstractions.Authentication;
using Microsoft.Kiota.Abstractions.Serialization;
using Microsoft.Kiota.Bundle;

namespace LogisticsFunctions.Worker.Tests.RealClients;

/// <summary>
/// The Kiota client generated from docs/openapi.json reads real answers: numbers past 32 bits and labels tens of
/// kilobytes long, which an int-typed or length-limited document would make it refuse.
/// </summary>
public sealed class GeneratedClientTests
{
    static GeneratedClientTests()
    {
        // The client's constructor registers the JSON serializers the models are read with.
        using var adapter = new DefaultRequestAdapter(new AnonymousAuthenticationProvider());
        _ = new LogisticsClient(adapter);
    }

    [Fact]
    public async Task A_quota_past_32_bits_is_read_as_it_is()
    {
        var answer = await KiotaJsonSerializer.DeserializeAsync(
            """{"quotaNum":3000000000,"errMsg":"openapi.logistics.getQuota:ok","errCode":0}""", GetQuotaPostResponse.CreateFromDiscriminatorValue);

        Assert.Equal(3_000_000_000L, answer!.QuotaNum);
    }

    [Fact]
    public async Task A_label_of_tens_of_kilobytes_is_read_whole()
    {
        var label = Convert.ToBase64String(new byte[48 * 1024]);

        var answer = await KiotaJsonSerializer.DeserializeAsync(
            $$"""{"printHtml":"{{label}}","orderId":"o","orderStatus":0,"errMsg":"openapi.logistics.getOrder:ok","errCode":0}""", GetOrderPostResponse.CreateFromDiscriminatorValue);

        Assert.Equal(label, answer!.PrintHtml);
    }
}
