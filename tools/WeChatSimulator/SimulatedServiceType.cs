namespace LogisticsFunctions.WeChatSimulator;

/// <summary>One service of a courier (<c>service_type</c> and <c>service_name</c>), e.g. SF's 1 顺丰即日.</summary>
public sealed record SimulatedServiceType(int ServiceType, string ServiceName);
