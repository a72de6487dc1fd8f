using System.Text.RegularExpressions;

namespace PolicyEngine.Reporting.Tests.Asff;

/// <summary>Checks one ASFF finding, as JSON on the wire, against <see cref="AsffModel"/> and the ASFF formats.</summary>
public static partial class AsffAssert
{
    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$")]
    private static partial Regex Rfc3339();

    [GeneratedRegex(@"^arn:aws(-cn|-us-gov)?:securityhub:[a-z0-9-]+:\d{12}:product/\d{12}/default$")]
    private static partial Regex CustomProductArn();

    private static readonly string[] TypeNamespaces =
        ["Software and Configuration Checks", "TTPs", "Effects", "Unusual Behaviors", "Sensitive Data Identifications"];

    public static void Valid(JsonObject finding)
    {
        var id = (string?)finding["Id"] ?? "?";
        var problems = new List<string>();
        void Check(bool ok, string problem) { if (!ok) problems.Add(problem); }
        void Text(JsonNode? node, string path, int? max)
        {
            if (node is null) return;
            var text = (string?)node ?? "";
            Check(Regex.IsMatch(text, $"^{AsffModel.NonEmptyStringPattern}$", RegexOptions.Singleline), $"{path} is blank");
            if (max is { } m) Check(text.Length <= m, $"{path} has {text.Length} characters, more than {m}");
        }
        void Enum(JsonNode? node, string shape, string path)
        {
            if (node is not null) Check(AsffModel.Enums[shape].Contains((string?)node), $"{path} '{node}' is not a {shape}");
        }
        int? Max(string shape, string member) => AsffModel.MaxLengths.TryGetValue((shape, member), out var m) ? m : null;

        foreach (var member in AsffModel.RequiredFindingMembers)
            Check(finding[member] is not null, $"required {member} is missing");
        foreach (var (name, node) in finding)
            if (node is JsonValue) Text(node, name, Max("AwsSecurityFinding", name));

        Check((string?)finding["SchemaVersion"] == "2018-10-08", "SchemaVersion is not 2018-10-08");
        Check(CustomProductArn().IsMatch((string?)finding["ProductArn"] ?? ""), "ProductArn is not a custom-integration product ARN");
        Check(Regex.IsMatch((string?)finding["AwsAccountId"] ?? "", "^[0-9]{12}$"), "AwsAccountId is not 12 digits");
        foreach (var stamp in new[] { "CreatedAt", "UpdatedAt", "FirstObservedAt", "LastObservedAt" })
            if (finding[stamp] is { } value) Check(Rfc3339().IsMatch((string)value!), $"{stamp} '{value}' is not RFC 3339");

        var resources = finding["Resources"]?.AsArray() ?? [];
        Check(resources.Count >= 1 && resources.Count <= AsffModel.MaxItems[("AwsSecurityFinding", "Resources")], $"Resources has {resources.Count} items");
        foreach (var resource in resources)
        {
            foreach (var member in AsffModel.RequiredResourceMembers) Text(resource![member], $"Resources.{member}", Max("Resource", member));
            Check(resource!["Type"] is not null && resource["Id"] is not null, "a resource lacks Type or Id");
            Enum(resource["Partition"], "Partition", "Resources.Partition");
            Text(resource["Region"], "Resources.Region", Max("Resource", "Region"));
        }

        var provider = finding["FindingProviderFields"];
        Enum(provider?["Severity"]?["Label"], "SeverityLabel", "FindingProviderFields.Severity.Label");
        var types = provider?["Types"]?.AsArray() ?? [];
        Check(types.Count <= AsffModel.MaxItems[("AwsSecurityFinding", "Types")], "too many Types");
        foreach (var type in types)
        {
            var parts = ((string?)type ?? "").Split('/');
            Check(parts.Length is 2 or 3 && TypeNamespaces.Contains(parts[0]), $"type '{type}' is not namespace/category[/classifier]");
        }

        Enum(finding["Compliance"]?["Status"], "ComplianceStatus", "Compliance.Status");
        Check((finding["Compliance"]?["RelatedRequirements"]?.AsArray().Count ?? 0) <= AsffModel.MaxItems[("Compliance", "RelatedRequirements")], "too many RelatedRequirements");
        Enum(finding["RecordState"], "RecordState", "RecordState");
        Enum(finding["Workflow"]?["Status"], "WorkflowStatus", "Workflow.Status");
        Text(finding["Remediation"]?["Recommendation"]?["Text"], "Remediation.Recommendation.Text", Max("Recommendation", "Text"));
        if (finding["Note"] is { } note)
        {
            Text(note["Text"], "Note.Text", Max("Note", "Text"));
            Text(note["UpdatedBy"], "Note.UpdatedBy", null);
            Check(Rfc3339().IsMatch((string?)note["UpdatedAt"] ?? ""), "Note.UpdatedAt is not RFC 3339");
        }

        var fields = finding["ProductFields"]?.AsObject() ?? [];
        Check(fields.Count <= AsffModel.ProductFieldPairs, $"ProductFields has {fields.Count} pairs");
        foreach (var (key, value) in fields)
            Check(key.Length <= AsffModel.ProductFieldKey && ((string?)value)?.Length <= AsffModel.ProductFieldValue, $"ProductFields '{key}' is too long");

        Check(System.Text.Encoding.UTF8.GetByteCount(finding.ToJsonString()) <= AsffModel.MaxFindingKilobytes * 1000, "the finding is larger than 240 KB");
        Assert.True(problems.Count == 0, $"finding {id}:\n" + string.Join("\n", problems));
    }
}
