namespace LogisticsFunctions.WeChatSimulator;

/// <summary>A courier company as getAllDelivery lists it: the <c>delivery_id</c> path/get expects, and its name.</summary>
public sealed record SimulatedCourier(string DeliveryId, string Name);
