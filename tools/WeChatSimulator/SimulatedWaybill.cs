namespace LogisticsFunctions.WeChatSimulator;

/// <summary>A waybill the simulator can track, with its path oldest node first.</summary>
public sealed record SimulatedWaybill(string DeliveryId, string WaybillId, IReadOnlyList<SimulatedPathItem> Path);
