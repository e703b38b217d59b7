namespace LogisticsFunctions.WeChatSimulator.Express;

/// <summary>A sender or receiver of an order, as much of it as the label prints.</summary>
internal sealed record OrderContact(string Name, string Phone, string Company, string Province, string City, string Area, string Address);
