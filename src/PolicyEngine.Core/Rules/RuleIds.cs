using System.Text.RegularExpressions;

namespace PolicyEngine.Core.Rules;

/// <summary>The shape of a rule ID (2 to 5 capital letters and 3 or 4 digits, such as MA0101), in one place for the compiler and the tools.</summary>
public static partial class RuleIds
{
    /// <summary>The same pattern the rule and rule-test JSON schemas (docs/schemas) give.</summary>
    public const string Pattern = "^[A-Z]{2,5}[0-9]{3,4}$";

    public static bool IsValid(string id) => IdPattern().IsMatch(id);

    /// <summary>True for a generated page named after a rule (MA0101.md), as opposed to an index or a hand-written page.</summary>
    public static bool IsPageName(string fileName) =>
        fileName.EndsWith(".md", StringComparison.Ordinal) && IsValid(fileName[..^3]);

    [GeneratedRegex(Pattern)]
    private static partial Regex IdPattern();
}
