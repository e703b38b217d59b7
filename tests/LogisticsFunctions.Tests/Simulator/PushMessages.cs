using System.Globalization;
using System.Text.Json.Nodes;
using System.Xml.Linq;

namespace LogisticsFunctions.Tests.Simulator;

/// <summary>Reads a pushed XML message back into the JSON shape, checking WeChat's XML rules on the way.</summary>
internal static class PushMessages
{
    /// <summary>
    /// <c>&lt;xml&gt;</c> with one element per member: text in CDATA, numbers bare, and <c>Actions</c> repeated directly under
    /// the root with no wrapper (read back as an array, even with one item).
    /// </summary>
    public static JsonObject XmlToJson(string xml)
    {
        var root = XDocument.Parse(xml).Root!;
        Assert.Equal("xml", root.Name.LocalName);
        return ReadMembers(root);
    }

    private static JsonObject ReadMembers(XElement parent)
    {
        var members = new JsonObject();
        foreach (var group in parent.Elements().GroupBy(element => element.Name.LocalName))
        {
            if (group.Key == "Actions")
            {
                members[group.Key] = new JsonArray([.. group.Select(action => (JsonNode)ReadMembers(action))]);
                continue;
            }

            var element = Assert.Single(group);
            members[group.Key] = element.HasElements ? ReadMembers(element) : ReadValue(element);
        }

        return members;
    }

    private static JsonValue ReadValue(XElement element)
    {
        var nodes = element.Nodes().ToList();
        if (nodes.Count > 0 && nodes.All(node => node is XCData))
        {
            return JsonValue.Create(element.Value);
        }

        // Anything not in CDATA must be a bare number.
        Assert.All(nodes, node => Assert.IsType<XText>(node, exactMatch: true));
        return JsonValue.Create(long.Parse(element.Value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture));
    }
}
