using PolicyEngine.Aws.Clients.CloudTrail;

namespace PolicyEngine.Aws.Collection;

/// <summary>
/// Whether a trail's selectors log management events, and which (ReadOnly, WriteOnly or All). Basic selectors say it
/// directly; an advanced selector does with eventCategory = Management, narrowed by readOnly = true/false.
/// </summary>
public static class ManagementEventCoverage
{
    public const string None = "None";

    public static (bool IncludesManagementEvents, string ReadWriteType) From(EventSelectorsInfo selectors)
    {
        var kinds = selectors.Basic.Where(s => s.IncludeManagementEvents).Select(s => s.ReadWriteType)
            .Concat(selectors.Advanced.Where(IsManagement).Select(AdvancedReadWriteType))
            .ToHashSet(StringComparer.Ordinal);
        if (kinds.Count == 0) return (false, None);
        var type = kinds.Contains("All") || (kinds.Contains("ReadOnly") && kinds.Contains("WriteOnly")) ? "All" : kinds.Single();
        return (true, type);
    }

    private static bool IsManagement(AdvancedEventSelector selector) =>
        selector.FieldSelectors.Any(f => f.Field == "eventCategory" && f.EqualsValues.Contains("Management"));

    private static string AdvancedReadWriteType(AdvancedEventSelector selector)
    {
        var readOnly = selector.FieldSelectors.FirstOrDefault(f => f.Field == "readOnly");
        if (readOnly is null) return "All";
        var value = readOnly.EqualsValues.FirstOrDefault() ?? (readOnly.NotEqualsValues.FirstOrDefault() is { } not ? (not == "true" ? "false" : "true") : null);
        return value switch { "true" => "ReadOnly", "false" => "WriteOnly", _ => "All" };
    }
}
