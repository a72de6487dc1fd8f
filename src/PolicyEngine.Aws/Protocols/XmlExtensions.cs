using System.Globalization;
using System.Xml.Linq;

namespace PolicyEngine.Aws.Protocols;

/// <summary>Namespace-agnostic navigation of query-protocol XML: lists are &lt;member&gt; items, maps &lt;entry&gt;&lt;key/&gt;&lt;value/&gt;.</summary>
public static class XmlExtensions
{
    public static XElement? Child(this XElement? element, string localName) =>
        element?.Elements().FirstOrDefault(e => e.Name.LocalName == localName);

    public static string? ChildText(this XElement? element, string localName) => element.Child(localName)?.Value;

    public static IEnumerable<XElement> Members(this XElement? element, string listName) =>
        element.Child(listName)?.Elements().Where(e => e.Name.LocalName == "member") ?? [];

    public static bool ChildBool(this XElement? element, string localName) =>
        string.Equals(element.ChildText(localName), "true", StringComparison.OrdinalIgnoreCase);

    public static DateTimeOffset? ChildDate(this XElement? element, string localName) =>
        element.ChildText(localName) is { Length: > 0 } text
            ? DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal)
            : null;

    public static IReadOnlyDictionary<string, string> Map(this XElement? element, string mapName) =>
        element.Child(mapName)?.Elements().Where(e => e.Name.LocalName == "entry")
            .ToDictionary(e => e.ChildText("key") ?? "", e => e.ChildText("value") ?? "", StringComparer.Ordinal)
        ?? new Dictionary<string, string>();
}
