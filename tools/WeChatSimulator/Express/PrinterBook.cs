using System.Text.RegularExpressions;

namespace LogisticsFunctions.WeChatSimulator.Express;

/// <summary>The printers bound to the mini program, starting from <see cref="SampleData.Printers"/>.</summary>
internal sealed partial class PrinterBook
{
    private readonly Lock gate = new();
    private readonly List<SimulatedPrinter> printers = [.. SampleData.Printers];

    /// <summary>Every printer, in the order they were bound.</summary>
    public IReadOnlyList<SimulatedPrinter> List()
    {
        lock (gate)
        {
            return [.. printers];
        }
    }

    /// <summary>
    /// Binds <paramref name="openid"/> with the tags in <paramref name="tagIdList"/> (WeChat's comma-separated string, at
    /// most 10 numeric ids, no spaces), replacing the tags of a printer already bound.
    /// </summary>
    public WeChatError? Bind(string openid, string? tagIdList)
    {
        string[] tags = [];
        if (!string.IsNullOrEmpty(tagIdList))
        {
            if (!TagIdListShape().IsMatch(tagIdList))
            {
                return ExpressErrors.InvalidTagIdList;
            }

            tags = tagIdList.Split(',');
        }

        lock (gate)
        {
            var index = printers.FindIndex(printer => printer.Openid == openid);
            var printer = new SimulatedPrinter(openid, tags);
            if (index >= 0)
            {
                printers[index] = printer;
            }
            else
            {
                printers.Add(printer);
            }
        }

        return null;
    }

    /// <summary>Unbinds <paramref name="openid"/>; unbinding a printer that is not bound changes nothing and succeeds.</summary>
    public void Unbind(string openid)
    {
        lock (gate)
        {
            printers.RemoveAll(printer => printer.Openid == openid);
        }
    }

    [GeneratedRegex("^[0-9]+(,[0-9]+){0,9}$")]
    private static partial Regex TagIdListShape();
}
