namespace LogisticsFunctions.WeChatSimulator;

/// <summary>One node of a waybill's track, as path/get's <c>path_item_list</c> carries it.</summary>
/// <param name="ActionTime">Unix time in seconds.</param>
/// <param name="ActionType">WeChat's node type (100001 picked up … 400002 held); passed through, never validated.</param>
/// <param name="ActionMsg">The courier's own text, usually Chinese.</param>
public sealed record SimulatedPathItem(long ActionTime, int ActionType, string ActionMsg);
