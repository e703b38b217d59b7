using System.Globalization;

namespace LogisticsFunctions.WeChat.Push;

/// <summary>
/// Turns a <see cref="PushDocument"/> into an <see cref="ExpressPathEvent"/>, the same way for XML (all text)
/// and JSON (numbers or numeric strings). Every field but <c>OrderId</c> is required; <c>Actions</c> may be
/// absent or empty. Fields WeChat adds later are ignored.
/// </summary>
public static class ExpressPathEventReader
{
    /// <summary>The longest courier id and waybill accepted: the limits getPath itself uses.</summary>
    public const int MaxDeliveryIdLength = 64;
    public const int MaxWayBillIdLength = 128;

    public static ExpressPathEvent? Read(PushDocument document, out PushProblem? problem)
    {
        ArgumentNullException.ThrowIfNull(document);
        var reader = new FieldReader();
        var actions = new List<ExpressPathAction>();
        foreach (var record in document.List("Actions"))
        {
            var actionTime = reader.Number(record, "Actions.ActionTime");
            var actionType = reader.Number(record, "Actions.ActionType");
            var actionMsg = reader.Text(record, "Actions.ActionMsg", allowEmpty: true);
            if (reader.Problem is null)
            {
                actions.Add(new ExpressPathAction { ActionTime = actionTime, ActionType = actionType, ActionMsg = actionMsg! });
            }
        }

        if (document.Value("Actions") is not null)
        {
            reader.Fail("Actions must be a list of actions");
        }

        var expressPath = new ExpressPathEvent
        {
            ToUserName = reader.Text(document, "ToUserName")!,
            FromUserName = reader.Text(document, "FromUserName")!,
            CreateTime = reader.Number(document, "CreateTime"),
            MsgType = reader.Text(document, "MsgType")!,
            Event = reader.Text(document, "Event")!,
            DeliveryId = reader.Text(document, "DeliveryID", maxLength: MaxDeliveryIdLength)!,
            WayBillId = reader.Text(document, "WayBillId", maxLength: MaxWayBillIdLength)!,
            OrderId = document.Value("OrderId") is null ? null : reader.Text(document, "OrderId", allowEmpty: true),
            Version = reader.Number(document, "Version"),
            Count = reader.Number(document, "Count"),
            Actions = actions,
        };

        problem = reader.Problem;
        if (problem is null && (expressPath.MsgType != ExpressPathEvent.MsgTypeValue || expressPath.Event != ExpressPathEvent.EventValue))
        {
            problem = new(PushProblemKind.FieldInvalid, "the message is not an add_express_path event");
        }

        return problem is null ? expressPath : null;
    }

    /// <summary>Reads fields and keeps the first problem; later reads after a problem return defaults.</summary>
    private sealed class FieldReader
    {
        public PushProblem? Problem { get; private set; }

        public string? Text(PushDocument document, string name, bool allowEmpty = false, int maxLength = int.MaxValue) =>
            Text(document.Value(name), name, allowEmpty, maxLength, isList: document.HasList(name));

        public string? Text(IReadOnlyDictionary<string, PushValue> record, string name, bool allowEmpty = false) =>
            Text(record.TryGetValue(FieldName(name), out var value) ? value : null, name, allowEmpty, int.MaxValue, isList: false);

        public long Number(PushDocument document, string name) =>
            Number(document.Value(name), name, isList: document.HasList(name));

        public long Number(IReadOnlyDictionary<string, PushValue> record, string name) =>
            Number(record.TryGetValue(FieldName(name), out var value) ? value : null, name, isList: false);

        public void Fail(string description) => Problem ??= new(PushProblemKind.FieldInvalid, description);

        private string? Text(PushValue? value, string name, bool allowEmpty, int maxLength, bool isList)
        {
            if (Problem is not null)
            {
                return null;
            }

            if (value is not { } given)
            {
                Fail(isList ? $"{name} must be a value, not a list" : $"{name} is missing");
                return null;
            }

            if (given.IsJsonNumber)
            {
                Fail($"{name} must be a string");
                return null;
            }

            if (!allowEmpty && given.Text.Length == 0)
            {
                Fail($"{name} is empty");
                return null;
            }

            if (given.Text.Length > maxLength)
            {
                Fail($"{name} is longer than {maxLength} characters");
                return null;
            }

            return given.Text;
        }

        private long Number(PushValue? value, string name, bool isList)
        {
            if (Problem is not null)
            {
                return 0;
            }

            if (value is not { } given)
            {
                Fail(isList ? $"{name} must be a value, not a list" : $"{name} is missing");
                return 0;
            }

            // XML carries numbers as text, JSON as numbers; a quoted number is read too. Only plain
            // non-negative integers pass: no sign, no fraction, no exponent, no thousands separators.
            var text = given.Text.Trim();
            if (text.Length is 0 or > 18 || !text.All(char.IsAsciiDigit)
                || !long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var number))
            {
                Fail($"{name} must be a non-negative integer");
                return 0;
            }

            return number;
        }

        // Record fields are named "Actions.ActionTime" in problems and "ActionTime" in the record.
        private static string FieldName(string name) => name[(name.IndexOf('.', StringComparison.Ordinal) + 1)..];
    }
}
