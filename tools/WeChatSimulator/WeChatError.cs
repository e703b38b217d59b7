namespace LogisticsFunctions.WeChatSimulator;

/// <summary>
/// A WeChat error answer: <c>errcode</c> and <c>errmsg</c> (a fresh rid is appended when it is sent) and, for a failure on
/// the courier's side (9300501), the courier's own <c>delivery_resultcode</c> and <c>delivery_resultmsg</c>.
/// </summary>
internal sealed record WeChatError(int Errcode, string Errmsg, int? DeliveryResultcode = null, string? DeliveryResultmsg = null);
