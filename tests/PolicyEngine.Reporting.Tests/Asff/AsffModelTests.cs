using System.Text.RegularExpressions;

namespace PolicyEngine.Reporting.Tests.Asff;

/// <summary>Keeps the copied model data honest: every value in <see cref="AsffModel"/> must match botocore's model.</summary>
public sealed class AsffModelTests
{
    private static JsonObject Shapes => AsffModel.Botocore.Value!["shapes"]!.AsObject();

    [BotocoreFact]
    public void Required_members_and_enums_match_the_model()
    {
        Assert.Equal(AsffModel.RequiredFindingMembers, Shapes["AwsSecurityFinding"]!["required"]!.AsArray().Select(n => (string)n!));
        Assert.Equal(AsffModel.RequiredResourceMembers, Shapes["Resource"]!["required"]!.AsArray().Select(n => (string)n!));
        foreach (var (shape, values) in AsffModel.Enums)
            Assert.Equal(values, Shapes[shape]!["enum"]!.AsArray().Select(n => (string)n!));
        Assert.Equal(AsffModel.NonEmptyStringPattern, (string?)Shapes["NonEmptyString"]!["pattern"]);
        var list = Shapes["BatchImportFindingsRequestFindingList"]!;
        Assert.Equal(AsffModel.MinFindingsPerCall, (int)list["min"]!);
        Assert.Equal(AsffModel.MaxFindingsPerCall, (int)list["max"]!);
    }

    [BotocoreFact]
    public void Documented_limits_match_the_model()
    {
        foreach (var ((shape, member), max) in AsffModel.MaxLengths)
            Assert.Contains($"Maximum length of {max}", Documentation(shape, member).Replace("Maximum of", "Maximum length of"));
        foreach (var ((shape, member), max) in AsffModel.MaxItems)
            Assert.Contains($"Maximum number of {max} items", Documentation(shape, member));
        var productFields = Documentation("AwsSecurityFinding", "ProductFields");
        Assert.Contains($"up to {AsffModel.ProductFieldPairs} key-value pairs", productFields);
        Assert.Contains($"key can contain up to {AsffModel.ProductFieldKey} characters", productFields);
        Assert.Contains($"value can contain up to {AsffModel.ProductFieldValue} characters", productFields);
        var import = Regex.Replace((string)AsffModel.Botocore.Value!["operations"]!["BatchImportFindings"]!["documentation"]!, "<[^>]+>", "");
        Assert.Contains($"maximum allowed size for a finding is {AsffModel.MaxFindingKilobytes} Kb", import);
    }

    private static string Documentation(string shape, string member) =>
        Regex.Replace((string)Shapes[shape]!["members"]![member]!["documentation"]!, "<[^>]+>", "");
}
