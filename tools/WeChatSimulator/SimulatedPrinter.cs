namespace LogisticsFunctions.WeChatSimulator;

/// <summary>A user allowed to print labels with WeChat's 打单 software, and the user tags whose orders they may print.</summary>
public sealed record SimulatedPrinter(string Openid, IReadOnlyList<string> TagIds);
