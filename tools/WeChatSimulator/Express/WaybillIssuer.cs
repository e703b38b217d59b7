using System.Security.Cryptography;
using System.Text;

namespace LogisticsFunctions.WeChatSimulator.Express;

/// <summary>
/// What a courier hands back for a new order: a waybill number in its own format, never one issued before nor one of
/// <see cref="TrackingData.Waybills"/>, and the routing data printed on the label. Used under the order book's lock.
/// </summary>
internal sealed class WaybillIssuer
{
    private const string Digits = "0123456789";

    private readonly HashSet<string> issued = new(StringComparer.Ordinal);

    public string Issue(string deliveryId)
    {
        while (true)
        {
            var waybillId = deliveryId switch
            {
                "SF" => "SF" + Random(13),
                "ZTO" => "78" + Random(12),
                "YTO" => "YT" + Random(13),
                "YD" => "43" + Random(11),
                "JD" => "JDVA" + Random(11),
                "EMS" => "11" + Random(11),
                _ => deliveryId + Random(12),
            };
            if (TrackingData.Find(deliveryId, waybillId) is null && issued.Add(waybillId))
            {
                return waybillId;
            }
        }
    }

    /// <summary>
    /// The label's routing data, keyed as in the addOrder example (<c>SF_bagAddr</c>, <c>SF_mark</c>): the receiver's
    /// city as the bag address, and a sorting code that depends only on the address.
    /// </summary>
    public static IReadOnlyList<KeyValuePair<string, string>> DataFor(string deliveryId, OrderContact receiver)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{receiver.Province}|{receiver.City}|{receiver.Area}|{receiver.Address}"));
        var mark = $"{hash[0] % 900 + 100:000}-{hash[1] % 100:00}-{hash[2] % 100:00} {hash[3] % 900 + 100:000}";
        var city = receiver.City.EndsWith('市') ? receiver.City[..^1] : receiver.City;
        return
        [
            new($"{deliveryId}_bagAddr", city),
            new($"{deliveryId}_mark", mark),
        ];
    }

    private static string Random(int length) => RandomNumberGenerator.GetString(Digits, length);
}
