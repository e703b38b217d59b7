namespace LogisticsFunctions.WeChat.Express;

/// <summary>
/// The parameters of <c>[POST] /cgi-bin/express/business/path/get</c> (WeChat's "getPath",
/// developers.weixin.qq.com/miniprogram/dev/OpenApiDoc/express/express-by-business/getPath.html).
/// </summary>
/// <param name="OrderId">order_id: the order's id, unique across the app.</param>
/// <param name="Openid">openid: the user's openid; optional, sent only when given.</param>
/// <param name="DeliveryId">delivery_id: the courier's id, as getAllDelivery lists it (e.g. "SF").</param>
/// <param name="WaybillId">waybill_id: the waybill number.</param>
public sealed record GetPathRequest(string OrderId, string? Openid, string DeliveryId, string WaybillId);
