using System.Net;
using System.Text;
using LogisticsFunctions.WeChat.CloudCall;

namespace LogisticsFunctions.Tests.CloudCall;

public sealed class GetPathRequestReaderTests
{
    private static (bool Ok, LogisticsFunctions.WeChat.Express.GetPathRequest? Request, CloudCallError? Error) Read(string body)
    {
        var ok = GetPathRequestReader.TryRead(Encoding.UTF8.GetBytes(body), out var request, out var error);
        return (ok, request, error);
    }

    [Fact]
    public void ReadsTheCloudCallsCamelCaseParameters()
    {
        var (ok, request, _) = Read("""{"openid":"oABC123456","orderId":"01234567890123456789","deliveryId":"SF","waybillId":"123456789"}""");

        Assert.True(ok);
        Assert.Equal(new("01234567890123456789", "oABC123456", "SF", "123456789"), request);
    }

    [Theory]
    [InlineData("""{"orderId":"1","deliveryId":"SF","waybillId":"2"}""")]
    [InlineData("""{"orderId":"1","openid":null,"deliveryId":"SF","waybillId":"2"}""")]
    public void OpenidIsOptional(string body)
    {
        var (ok, request, _) = Read(body);

        Assert.True(ok);
        Assert.Null(request!.Openid);
    }

    [Theory]
    [InlineData("""{"deliveryId":"SF","waybillId":"2"}""", "orderId is required")]
    [InlineData("""{"orderId":"1","waybillId":"2"}""", "deliveryId is required")]
    [InlineData("""{"orderId":"1","deliveryId":"SF"}""", "waybillId is required")]
    [InlineData("""{"orderId":1,"deliveryId":"SF","waybillId":"2"}""", "orderId must be a string")]
    [InlineData("""{"orderId":null,"deliveryId":"SF","waybillId":"2"}""", "orderId must be a string")]
    [InlineData("""{"orderId":"1","deliveryId":["SF"],"waybillId":"2"}""", "deliveryId must be a string")]
    [InlineData("""{"orderId":"1","deliveryId":"SF","waybillId":{"a":1}}""", "waybillId must be a string")]
    [InlineData("""{"orderId":"1","openid":42,"deliveryId":"SF","waybillId":"2"}""", "openid must be a string")]
    [InlineData("""{"orderId":"  ","deliveryId":"SF","waybillId":"2"}""", "orderId must not be blank")]
    [InlineData("""{"orderId":"","deliveryId":"SF","waybillId":"2"}""", "orderId must not be blank")]
    [InlineData("""{"orderId":"1","deliveryId":"S\u0000F","waybillId":"2"}""", "deliveryId must not contain control characters")]
    [InlineData("""{"orderId":"1","deliveryId":"SF","waybillId":"2\n"}""", "waybillId must not contain control characters")]
    [InlineData("""{"orderId":" 1","deliveryId":"SF","waybillId":"2"}""", "orderId must not start or end with white space")]
    [InlineData("""{"orderId":"1","orderId":"2","deliveryId":"SF","waybillId":"2"}""", "orderId is given more than once")]
    [InlineData("""{"orderID":"1","deliveryId":"SF","waybillId":"2"}""", "unknown field 'orderID'")]
    [InlineData("""{"order_id":"1","deliveryId":"SF","waybillId":"2"}""", "unknown field 'order_id'")]
    [InlineData("""[]""", "request body must be a JSON object")]
    [InlineData("""  "text" """, "request body must be a JSON object")]
    [InlineData("""{"orderId":"1",""", "request body is not valid JSON")]
    [InlineData("""<html></html>""", "request body is not valid JSON")]
    [InlineData("""{"orderId":"1","deliveryId":"SF","waybillId":"2"} trailing""", "request body is not valid JSON")]
    [InlineData("", "request body is empty")]
    public void AnInvalidBodyIsRefusedNamingTheProblem(string body, string reason)
    {
        var (ok, request, error) = Read(body);

        Assert.False(ok);
        Assert.Null(request);
        Assert.Equal(HttpStatusCode.BadRequest, error!.Status);
        Assert.Equal(47001, error.ErrCode);
        Assert.StartsWith(reason, error.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("orderId", 513)]
    [InlineData("openid", 129)]
    [InlineData("deliveryId", 65)]
    [InlineData("waybillId", 129)]
    public void AnOverLongFieldIsRefused(string field, int length)
    {
        var fields = new Dictionary<string, string> { ["orderId"] = "1", ["deliveryId"] = "SF", ["waybillId"] = "2" };
        fields[field] = new string('x', length);

        var (ok, _, error) = Read(System.Text.Json.JsonSerializer.Serialize(fields));

        Assert.False(ok);
        Assert.Equal($"{field} is longer than {length - 1} characters", error!.Reason);
    }

    [Fact]
    public void ABodyOverTheCapIsRefusedWithoutParsing()
    {
        var body = new byte[GetPathRequestReader.MaxBodyBytes + 1];

        Assert.False(GetPathRequestReader.TryRead(body, out _, out var error));
        Assert.Equal("request body is larger than 65536 bytes", error!.Reason);
    }

    [Fact]
    public void AnUnknownFieldWithAnOddNameIsNotEchoed()
    {
        var (ok, _, error) = Read("""{"<script>":"1","orderId":"1","deliveryId":"SF","waybillId":"2"}""");

        Assert.False(ok);
        Assert.DoesNotContain("script", error!.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void InvalidUtf8InAFieldIsRefusedAsSuch()
    {
        var body = Encoding.UTF8.GetBytes("""{"orderId":"1","deliveryId":"SF","waybillId":"#2"}""");
        body[Array.IndexOf(body, (byte)'#')] = 0xBB;

        Assert.False(GetPathRequestReader.TryRead(body, out _, out var error));
        Assert.Equal("request body is not valid UTF-8", error!.Reason);
    }

    [Fact]
    public void ChineseTextInFieldsIsAccepted()
    {
        var (ok, request, _) = Read("""{"orderId":"订单-1","deliveryId":"SF","waybillId":"2"}""");

        Assert.True(ok);
        Assert.Equal("订单-1", request!.OrderId);
    }
}
