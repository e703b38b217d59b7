namespace LogisticsFunctions.Tests.Seed;

/// <summary>
/// The examples of the seed page (shared/seed/logistics.getPath.txt), verbatim: WeChat's HTTPS answer
/// and what the cloud call returns for it. Our output must be the latter, plus <c>errCode: 0</c>.
/// </summary>
internal static class SeedExample
{
    public const string WeChatAnswer = """
        {
          "openid": "OPENID",
          "delivery_id": "SF",
          "waybill_id": "12345678901234567890",
          "path_item_num": 3,
          "path_item_list": [
            {
              "action_time": 1533052800,
              "action_type": 100001,
              "action_msg": "快递员已成功取件"
            },
            {
              "action_time": 1533062800,
              "action_type": 200001,
              "action_msg": "快件已到达xxx集散中心,准备发往xxx"
            },
            {
              "action_time": 1533072800,
              "action_type": 300001,
              "action_msg": "快递员已出发,联系电话xxxxxx"
            }
          ]
        }
        """;

    public const string CloudCallAnswer = """
        {
          "openid": "OPENID",
          "deliveryId": "SF",
          "waybillId": "12345678901234567890",
          "pathItemNum": 3,
          "pathItemList": [
            {
              "actionTime": 1533052800,
              "actionType": 100001,
              "actionMsg": "快递员已成功取件"
            },
            {
              "actionTime": 1533062800,
              "actionType": 200001,
              "actionMsg": "快件已到达xxx集散中心,准备发往xxx"
            },
            {
              "actionTime": 1533072800,
              "actionType": 300001,
              "actionMsg": "快递员已出发,联系电话xxxxxx"
            }
          ],
          "errMsg": "openapi.logistics.getPath:ok"
        }
        """;

    /// <summary>The cloud-call request of the seed, for the waybill the seed's answer is about.</summary>
    public const string Request = """{"openid":"OPENID","orderId":"01234567890123456789","deliveryId":"SF","waybillId":"12345678901234567890"}""";

    /// <summary>The seed's cloud-call answer with the <c>errCode: 0</c> the contract adds after errMsg, minified.</summary>
    public static string ExpectedAnswerJson()
    {
        var expected = System.Text.Json.Nodes.JsonNode.Parse(CloudCallAnswer)!.AsObject();
        expected["errCode"] = 0;
        return expected.ToJsonString(new System.Text.Json.JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
    }
}
