namespace PolicyEngine.Rules.Diagnostics;

/// <summary>
/// Every diagnostic PolicyEngine reports, in one table. IDs are stable: PE10xx are file structure (shared by rule,
/// test, attestation and configuration files), PE12xx are expressions, PE13xx whole-rule-set problems, PE14xx rule
/// tests, PE15xx attestations, PE16xx input and output files of every kind, PE20xx configuration and PE21xx suppressions.
/// </summary>
public static class DiagnosticDescriptors
{
    public static readonly DiagnosticDescriptor YamlSyntax = new("PE1001", "Malformed YAML", DiagnosticSeverity.Error, "{0}");
    public static readonly DiagnosticDescriptor UnknownKey = new("PE1002", "Unknown key", DiagnosticSeverity.Error, "Unknown key '{0}' in {1}.");
    public static readonly DiagnosticDescriptor WrongValueType = new("PE1003", "Wrong value type", DiagnosticSeverity.Error, "'{0}' must be {1}, but is {2}.");
    public static readonly DiagnosticDescriptor MissingKey = new("PE1004", "Missing required key", DiagnosticSeverity.Error, "{1} is missing the required key '{0}'.");
    public static readonly DiagnosticDescriptor InvalidValue = new("PE1005", "Invalid value", DiagnosticSeverity.Error, "'{0}' is not a valid {1}: {2}");
    public static readonly DiagnosticDescriptor DuplicateKey = new("PE1006", "Duplicate key", DiagnosticSeverity.Error, "The key '{0}' appears more than once.");
    public static readonly DiagnosticDescriptor AmbiguousElement = new("PE1007", "Ambiguous match element", DiagnosticSeverity.Error, "A match element must have exactly one of 'fact', 'not', 'exists', 'any' or 'collect'; this one has {0}.");
    public static readonly DiagnosticDescriptor FileNameMismatch = new("PE1008", "File name does not match rule ID", DiagnosticSeverity.Warning, "The file name should start with the rule ID '{0}' so that the rule is easy to find.");
    public static readonly DiagnosticDescriptor EmptyList = new("PE1009", "Empty list", DiagnosticSeverity.Error, "'{0}' must not be empty.");
    public static readonly DiagnosticDescriptor NestingTooDeep = new("PE1010", "Nesting too deep", DiagnosticSeverity.Error, "Mappings and lists nest more than {0} levels deep here; PolicyEngine files need far fewer.");
    public static readonly DiagnosticDescriptor TooManyItems = new("PE1011", "Too many items", DiagnosticSeverity.Error, "'{0}' has {1} items; a rule may have at most {2} here, since each one becomes part of the rule engine's network.");

    public static readonly DiagnosticDescriptor UnknownFactType = new("PE1201", "Unknown fact type", DiagnosticSeverity.Error, "'{0}' is not a fact type.");
    public static readonly DiagnosticDescriptor ExpressionSyntax = new("PE1202", "Expression syntax error", DiagnosticSeverity.Error, "Syntax error in expression: {0}");
    public static readonly DiagnosticDescriptor UnknownMember = new("PE1203", "Unknown property or method", DiagnosticSeverity.Error, "'{1}' has no {2} '{0}'.");
    public static readonly DiagnosticDescriptor TypeMismatch = new("PE1204", "Type error", DiagnosticSeverity.Error, "Type error: {0}");
    public static readonly DiagnosticDescriptor AliasDeclaredLater = new("PE1205", "Alias used before its declaration", DiagnosticSeverity.Error, "'{0}' is declared by a later pattern; a condition may only use aliases declared before it.");
    public static readonly DiagnosticDescriptor ForbiddenAccess = new("PE1206", "Access outside the rule sandbox", DiagnosticSeverity.Error, "'{0}' cannot be used in a rule expression; expressions may use fact properties, rule parameters and the helpers {1}.");
    public static readonly DiagnosticDescriptor NotBoolean = new("PE1207", "Condition is not boolean", DiagnosticSeverity.Error, "A condition must be true or false, but this expression is of type '{0}'.");
    public static readonly DiagnosticDescriptor DuplicateAlias = new("PE1208", "Duplicate alias", DiagnosticSeverity.Error, "The alias '{0}' is already declared in this rule.");
    public static readonly DiagnosticDescriptor UnknownName = new("PE1209", "Unknown name", DiagnosticSeverity.Error, "'{0}' is not an alias, parameter or helper in scope here.");
    public static readonly DiagnosticDescriptor InvalidAlias = new("PE1210", "Invalid alias", DiagnosticSeverity.Error, "'{0}' cannot be used as an alias: {1}");
    public static readonly DiagnosticDescriptor UnusedParameter = new("PE1211", "Unused parameter", DiagnosticSeverity.Warning, "The parameter '{0}' is not used by any expression of this rule.");
    public static readonly DiagnosticDescriptor ExpressionTooComplex = new("PE1212", "Expression too complex", DiagnosticSeverity.Error, "The expression is too complex to compile safely: {0}; split it into several conditions.");
    public static readonly DiagnosticDescriptor ExpressionTooCostly = new("PE1213", "Expression too costly", DiagnosticSeverity.Error, "The expression could do unbounded work: {0}.");
    public static readonly DiagnosticDescriptor ExpressionNotBuilt = new("PE1214", "Expression not built", DiagnosticSeverity.Error, "The expression passed the checks but the expression library could not build it: {0}");

    public static readonly DiagnosticDescriptor DuplicateRuleId = new("PE1301", "Duplicate rule ID", DiagnosticSeverity.Error, "The rule ID '{0}' is also used by {1}.");
    public static readonly DiagnosticDescriptor NoRules = new("PE1302", "No rules", DiagnosticSeverity.Error, "No rule files (*.yaml) were found in '{0}'.");
    public static readonly DiagnosticDescriptor RuleBuildFailed = new("PE1303", "Rule could not be built", DiagnosticSeverity.Error, "The rule engine rejected the rule: {0}");
    public static readonly DiagnosticDescriptor RulesFolderMissing = new("PE1304", "Rules folder not found", DiagnosticSeverity.Error, "The rules folder '{0}' does not exist.");
    public static readonly DiagnosticDescriptor FileTooLarge = new("PE1305", "File too large", DiagnosticSeverity.Error, "{0}");

    public static readonly DiagnosticDescriptor TestForUnknownRule = new("PE1401", "Test for an unknown rule", DiagnosticSeverity.Error, "The tests are for rule '{0}', which is not loaded.");
    public static readonly DiagnosticDescriptor InvalidTestFacts = new("PE1402", "Invalid test facts", DiagnosticSeverity.Error, "The facts of test case '{0}' are invalid: {1}");
    public static readonly DiagnosticDescriptor MissingTestCases = new("PE1403", "Rule without required tests", DiagnosticSeverity.Warning, "Rule '{0}' has no test case expecting '{1}'; every rule needs at least one failing and one passing case.");

    public static readonly DiagnosticDescriptor UnknownAttestationValue = new("PE1501", "Unknown attestation value", DiagnosticSeverity.Warning, "'{0}' is not a known {1} ({2}); the rules may not recognise it.");
    public static readonly DiagnosticDescriptor AttestationsForOtherAccount = new("PE1502", "Attestations for another account", DiagnosticSeverity.Warning, "The attestations are for account {0}, but the snapshot's management account is {1}; no rule will read them.");
    public static readonly DiagnosticDescriptor AttestationsFileMissing = new("PE1503", "Attestations file not found", DiagnosticSeverity.Error, "The attestations file '{0}' does not exist.");

    public static readonly DiagnosticDescriptor NotRegularFile = new("PE1601", "Not a regular file", DiagnosticSeverity.Error, "{0} Name a regular file.");
    public static readonly DiagnosticDescriptor LinkLeavesFolder = new("PE1602", "Symbolic link leaves its folder", DiagnosticSeverity.Error, "{0}");
    public static readonly DiagnosticDescriptor FileUnreadable = new("PE1603", "File cannot be read", DiagnosticSeverity.Error, "{0}");
    public static readonly DiagnosticDescriptor FileNotFound = new("PE1604", "File not found", DiagnosticSeverity.Error, "{0}");
    public static readonly DiagnosticDescriptor OutputPathUnusable = new("PE1605", "Output cannot be written there", DiagnosticSeverity.Error, "{0}");

    public static readonly DiagnosticDescriptor UnknownRuleInConfiguration = new("PE2001", "Unknown rule in configuration", DiagnosticSeverity.Warning, "'{0}' is not a loaded rule; this setting has no effect.");
    public static readonly DiagnosticDescriptor UnknownCategoryInConfiguration = new("PE2002", "Unknown category in configuration", DiagnosticSeverity.Warning, "No loaded rule has the category '{0}'; this setting has no effect.");
    public static readonly DiagnosticDescriptor UnknownParameter = new("PE2003", "Unknown rule parameter", DiagnosticSeverity.Error, "Rule '{0}' has no parameter '{1}'.");
    public static readonly DiagnosticDescriptor ParameterType = new("PE2004", "Wrong parameter type", DiagnosticSeverity.Error, "Parameter '{1}' of rule '{0}' must be {2}, like its default.");
    public static readonly DiagnosticDescriptor BlankJustification = new("PE2005", "Suppression without justification", DiagnosticSeverity.Error, "A suppression needs a justification that says why the result is accepted.");
    public static readonly DiagnosticDescriptor ReporterAssemblyUnusable = new("PE2007", "Reporter assembly cannot be loaded", DiagnosticSeverity.Error, "{0}");
    public static readonly DiagnosticDescriptor ReporterInvalid = new("PE2008", "Reporter unknown or misconfigured", DiagnosticSeverity.Error, "{0}");
    public static readonly DiagnosticDescriptor ConfigurationMissing = new("PE2006", "Configuration file not found", DiagnosticSeverity.Error, "The configuration file '{0}' does not exist.");

    public static readonly DiagnosticDescriptor SuppressionExpired = new("PE2101", "Suppression expired", DiagnosticSeverity.Warning,
        "The suppression of {0} for account {1} expired on {2} and no longer applies (owner: {3}); renew it with a new justification or fix the finding.");
    public static readonly DiagnosticDescriptor SuppressionUnused = new("PE2102", "Suppression unused", DiagnosticSeverity.Warning,
        "The suppression of {0} for account {1} and resource {2} matched no failing result; remove it so the list does not rot.");

    /// <summary>The diagnostic for an input file the file gateway refused, at <paramref name="location"/> (the file, or the setting that named it).</summary>
    public static Diagnostic ForInput(Core.Files.InputFileException refused, SourceLocation location) => (refused.Problem switch
    {
        Core.Files.InputProblem.NotFound => FileNotFound,
        Core.Files.InputProblem.NotRegularFile => NotRegularFile,
        Core.Files.InputProblem.LinkLeavesFolder => LinkLeavesFolder,
        Core.Files.InputProblem.TooLarge => FileTooLarge,
        _ => FileUnreadable,
    }).Create(location, refused.Message);
}
