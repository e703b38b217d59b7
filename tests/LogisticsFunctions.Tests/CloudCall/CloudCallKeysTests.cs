using LogisticsFunctions.CloudCall;

namespace LogisticsFunctions.Tests.CloudCall;

public sealed class CloudCallKeysTests
{
    [Theory]
    [InlineData("orderId", "order_id")]
    [InlineData("OrderId", "order_id")]
    [InlineData("orderID", "order_i_d")]
    [InlineData("_Private", "__private")]
    [InlineData("a_B", "a__b")]
    [InlineData("openid", "openid")]
    [InlineData("order_id", "order_id")]
    [InlineData("pathItemList", "path_item_list")]
    [InlineData("URL", "u_r_l")]
    [InlineData("ÉtatX", "État_x")]
    [InlineData("field1", "field1")]
    [InlineData("", "")]
    public void RequestKeysBecomeSnakeCaseByTheCloudCallsRule(string key, string snake) =>
        Assert.Equal(snake, CloudCallKeys.ToSnakeCase(key));

    [Theory]
    [InlineData("order_id", "orderId")]
    [InlineData("path_item_list", "pathItemList")]
    [InlineData("openid", "openid")]
    [InlineData("field_1", "field_1")]
    [InlineData("trailing_", "trailing_")]
    [InlineData("double__under", "double_Under")]
    [InlineData("_leading", "Leading")]
    [InlineData("already_Upper", "already_Upper")]
    [InlineData("delivery_id_list_2", "deliveryIdList_2")]
    [InlineData("_ä", "_ä")]
    [InlineData("1_a", "1A")]
    public void AnswerKeysBecomeCamelCaseByTheCloudCallsRule(string snake, string camel) =>
        Assert.Equal(camel, CloudCallKeys.ToCamelCase(snake));

    [Theory]
    [InlineData("order_id")]
    [InlineData("field_1")]
    [InlineData("a_b_c_d")]
    [InlineData("快递_msg")]
    [InlineData("plain")]
    [InlineData("a__b")]
    public void TheUtf8ConversionAgreesWithTheStringConversion(string key)
    {
        var utf8 = System.Text.Encoding.UTF8.GetBytes(key);
        var destination = new byte[utf8.Length];
        var length = CloudCallKeys.ToCamelCase(utf8, destination);

        Assert.Equal(CloudCallKeys.ToCamelCase(key), System.Text.Encoding.UTF8.GetString(destination, 0, length));
    }

    [Theory]
    [InlineData("orderId")]
    [InlineData("deliveryId")]
    [InlineData("pathItemList")]
    public void OrdinaryKeysSurviveTheRoundTrip(string camel) =>
        Assert.Equal(camel, CloudCallKeys.ToCamelCase(CloudCallKeys.ToSnakeCase(camel)));
}
