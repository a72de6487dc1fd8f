using System.Diagnostics;
using System.IO.Compression;

namespace PolicyEngine.Reporting.Tests.Asff;

/// <summary>
/// The parts of Security Hub's API model that findings must satisfy, copied from botocore's
/// data/securityhub/2018-10-26/service-2.json (botocore 1.43 on this machine): the <c>required</c> list of shape
/// AwsSecurityFinding, the enums of SeverityLabel, ComplianceStatus, RecordState, WorkflowStatus and Partition,
/// the NonEmptyString pattern, the list bounds of BatchImportFindingsRequestFindingList, and the length limits that
/// the model states in each member's documentation ("Length Constraints: ... Maximum length of N").
/// <see cref="AsffModelTests"/> checks this copy against the model itself when botocore is installed.
/// </summary>
public static class AsffModel
{
    public static readonly string[] RequiredFindingMembers =
        ["SchemaVersion", "Id", "ProductArn", "GeneratorId", "AwsAccountId", "CreatedAt", "UpdatedAt", "Title", "Description", "Resources"];

    public static readonly string[] RequiredResourceMembers = ["Type", "Id"];

    public static readonly IReadOnlyDictionary<string, string[]> Enums = new Dictionary<string, string[]>
    {
        ["SeverityLabel"] = ["INFORMATIONAL", "LOW", "MEDIUM", "HIGH", "CRITICAL"],
        ["ComplianceStatus"] = ["PASSED", "WARNING", "FAILED", "NOT_AVAILABLE"],
        ["RecordState"] = ["ACTIVE", "ARCHIVED"],
        ["WorkflowStatus"] = ["NEW", "NOTIFIED", "RESOLVED", "SUPPRESSED"],
        ["Partition"] = ["aws", "aws-cn", "aws-us-gov"],
    };

    public const string NonEmptyStringPattern = @".*\S.*";

    /// <summary>BatchImportFindingsRequestFindingList: min 1, max 100.</summary>
    public const int MinFindingsPerCall = 1, MaxFindingsPerCall = 100;

    /// <summary>(shape, member) → maximum length, from the member documentation.</summary>
    public static readonly IReadOnlyDictionary<(string Shape, string Member), int> MaxLengths = new Dictionary<(string, string), int>
    {
        [("AwsSecurityFinding", "Id")] = 512,
        [("AwsSecurityFinding", "ProductArn")] = 2048,
        [("AwsSecurityFinding", "GeneratorId")] = 512,
        [("AwsSecurityFinding", "Title")] = 256,
        [("AwsSecurityFinding", "Description")] = 1024,
        [("AwsSecurityFinding", "ProductName")] = 128,
        [("AwsSecurityFinding", "CompanyName")] = 128,
        [("Recommendation", "Text")] = 512,
        [("Resource", "Type")] = 256,
        [("Resource", "Region")] = 16,
        [("Note", "Text")] = 512,
    };

    /// <summary>(shape, member) → maximum number of items, from the member documentation ("Array Members: Maximum number of N items").</summary>
    public static readonly IReadOnlyDictionary<(string Shape, string Member), int> MaxItems = new Dictionary<(string, string), int>
    {
        [("AwsSecurityFinding", "Types")] = 50,
        [("AwsSecurityFinding", "Resources")] = 32,
        [("Compliance", "RelatedRequirements")] = 32,
    };

    /// <summary>ProductFields: "up to 50 key-value pairs ... the key can contain up to 128 characters, and the value ... up to 2048".</summary>
    public const int ProductFieldPairs = 50, ProductFieldKey = 128, ProductFieldValue = 2048;

    /// <summary>From the BatchImportFindings operation documentation: "The maximum allowed size for a finding is 240 Kb."</summary>
    public const int MaxFindingKilobytes = 240;

    /// <summary>botocore's service model, or null when botocore is not installed.</summary>
    public static readonly Lazy<JsonObject?> Botocore = new(LoadBotocoreModel);

    private static JsonObject? LoadBotocoreModel()
    {
        try
        {
            using var python = Process.Start(new ProcessStartInfo("python3", ["-c", "import botocore,os;print(os.path.dirname(botocore.__file__))"])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            })!;
            var directory = python.StandardOutput.ReadToEnd().Trim();
            python.WaitForExit(10_000);
            var path = Path.Combine(directory, "data", "securityhub", "2018-10-26", "service-2.json.gz");
            if (python.ExitCode != 0 || !File.Exists(path)) return null;
            using var gzip = new GZipStream(File.OpenRead(path), CompressionMode.Decompress);
            return JsonNode.Parse(gzip)!.AsObject();
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null; // no python3
        }
    }
}

/// <summary>A fact that needs botocore's model; skipped with the reason when it is not installed.</summary>
public sealed class BotocoreFactAttribute : FactAttribute
{
    public BotocoreFactAttribute()
    {
        if (AsffModel.Botocore.Value is null)
            Skip = "botocore is not installed (pip install botocore): the copied model data cannot be checked against the model";
    }
}
