namespace PolicyEngine.Diagnostics;

/// <summary>
/// Every diagnostic PolicyEngine reports, in one table, as Roslyn analyzers keep their descriptors: a stable ID, a
/// title, a default severity, a message format, a category (whose ID range <see cref="DiagnosticCategory.Ranges"/>
/// gives) and a description; docs/diagnostics/&lt;ID&gt;.md, each descriptor's help link, is generated from it.
/// A new diagnostic is one line here, in its category's range, and a regenerated page.
/// </summary>
public static class DiagnosticDescriptors
{
    public static readonly DiagnosticDescriptor YamlSyntax = new("PE1001", "Malformed YAML", DiagnosticSeverity.Error, "{0}",
        DiagnosticCategory.Structure,
        "The file is not well-formed YAML, or uses what PolicyEngine refuses in YAML: aliases (which can multiply a small file into a huge one) and a second document in one file. Fix the syntax at the line and column given; write each rule, test or configuration as one plain document.");
    public static readonly DiagnosticDescriptor UnknownKey = new("PE1002", "Unknown key", DiagnosticSeverity.Error, "Unknown key '{0}' in {1}.",
        DiagnosticCategory.Structure,
        "A mapping has a key its file format does not define; often a misspelling, for which the nearest known key is suggested. Rename or remove the key.");
    public static readonly DiagnosticDescriptor WrongValueType = new("PE1003", "Wrong value type", DiagnosticSeverity.Error, "'{0}' must be {1}, but is {2}.",
        DiagnosticCategory.Structure,
        "A value has the wrong shape, such as text where a list or a mapping is expected. Write the value in the shape the message names.");
    public static readonly DiagnosticDescriptor MissingKey = new("PE1004", "Missing required key", DiagnosticSeverity.Error, "{1} is missing the required key '{0}'.",
        DiagnosticCategory.Structure,
        "A required key is missing from a mapping. Add it; the message names the key and where it belongs.");
    public static readonly DiagnosticDescriptor InvalidValue = new("PE1005", "Invalid value", DiagnosticSeverity.Error, "'{0}' is not a valid {1}: {2}",
        DiagnosticCategory.Structure,
        "A value is not one the key accepts: a rule ID that is not 2 to 5 capital letters and 3 or 4 digits, a severity or recommendation that does not exist (with a suggestion), a malformed date, or a reserved parameter name. Use a value of the kind the message describes.");
    public static readonly DiagnosticDescriptor DuplicateKey = new("PE1006", "Duplicate key", DiagnosticSeverity.Error, "The key '{0}' appears more than once.",
        DiagnosticCategory.Structure,
        "The same key appears twice in one mapping; YAML would silently keep only one of them. Remove or merge the duplicate.");
    public static readonly DiagnosticDescriptor AmbiguousElement = new("PE1007", "Ambiguous match element", DiagnosticSeverity.Error, "A match element must have exactly one of 'fact', 'not', 'exists', 'any' or 'collect'; this one has {0}.",
        DiagnosticCategory.Structure,
        "A match element under 'when' must be exactly one of 'fact', 'not', 'exists', 'any' or 'collect'. Split an element that combines several into separate elements.");
    public static readonly DiagnosticDescriptor FileNameMismatch = new("PE1008", "File name does not match rule ID", DiagnosticSeverity.Warning, "The file name should start with the rule ID '{0}' so that the rule is easy to find.",
        DiagnosticCategory.Structure,
        "A rule file's name should start with its rule ID (MA0101-...yaml) so that the rule is easy to find. Rename the file; this is a warning, the rule still compiles.");
    public static readonly DiagnosticDescriptor EmptyList = new("PE1009", "Empty list", DiagnosticSeverity.Error, "'{0}' must not be empty.",
        DiagnosticCategory.Structure,
        "A list that must hold at least one item is empty. Add the items or remove the key.");
    public static readonly DiagnosticDescriptor NestingTooDeep = new("PE1010", "Nesting too deep", DiagnosticSeverity.Error, "Mappings and lists nest more than {0} levels deep here; PolicyEngine files need far fewer.",
        DiagnosticCategory.Structure,
        "Mappings and lists nest deeper than PolicyEngine's files ever need; deep nesting is refused before it can exhaust the parser. Flatten the file.");
    public static readonly DiagnosticDescriptor TooManyItems = new("PE1011", "Too many items", DiagnosticSeverity.Error, "'{0}' has {1} items; a rule may have at most {2} here, since each one becomes part of the rule engine's network.",
        DiagnosticCategory.Structure,
        "A 'where' or 'having' list, a 'when' or a group holds more items than a rule may (each becomes part of the rule engine's network). Split the rule or combine conditions.");

    public static readonly DiagnosticDescriptor UnknownFactType = new("PE1201", "Unknown fact type", DiagnosticSeverity.Error, "'{0}' is not a fact type.",
        DiagnosticCategory.Expressions,
        "A pattern names a fact type that does not exist; the nearest one is suggested. The fact types are listed in docs/aws-collectors.md and docs/attestations.md.");
    public static readonly DiagnosticDescriptor ExpressionSyntax = new("PE1202", "Expression syntax error", DiagnosticSeverity.Error, "Syntax error in expression: {0}",
        DiagnosticCategory.Expressions,
        "An expression cannot be parsed: an unbalanced parenthesis, a missing operand, an unknown operator. The column points at the problem inside the expression.");
    public static readonly DiagnosticDescriptor UnknownMember = new("PE1203", "Unknown property or method", DiagnosticSeverity.Error, "'{1}' has no {2} '{0}'.",
        DiagnosticCategory.Expressions,
        "A member access names a property or method the type does not have; the binder resolves every name against the type it is used on and suggests the nearest member.");
    public static readonly DiagnosticDescriptor TypeMismatch = new("PE1204", "Type error", DiagnosticSeverity.Error, "Type error: {0}",
        DiagnosticCategory.Expressions,
        "Operands or arguments of incompatible types, such as text compared with a number or a method called with the wrong argument types. The column points at the operator or call.");
    public static readonly DiagnosticDescriptor AliasDeclaredLater = new("PE1205", "Alias used before its declaration", DiagnosticSeverity.Error, "'{0}' is declared by a later pattern; a condition may only use aliases declared before it.",
        DiagnosticCategory.Expressions,
        "A condition uses an alias that a later pattern declares. A condition may only use aliases declared before it; move the condition or reorder the patterns.");
    public static readonly DiagnosticDescriptor ForbiddenAccess = new("PE1206", "Access outside the rule sandbox", DiagnosticSeverity.Error, "'{0}' cannot be used in a rule expression; expressions may use fact properties, rule parameters and the helpers {1}.",
        DiagnosticCategory.Expressions,
        "The expression reaches outside the rule sandbox: files, environment, processes, reflection, types by name, GetType() or 'new'. Rule expressions may use fact properties, rule parameters and the registered helpers only.");
    public static readonly DiagnosticDescriptor NotBoolean = new("PE1207", "Condition is not boolean", DiagnosticSeverity.Error, "A condition must be true or false, but this expression is of type '{0}'.",
        DiagnosticCategory.Expressions,
        "A condition must evaluate to true or false. Compare the value with something, or for a nullable boolean say what a missing value means with '?? false'.");
    public static readonly DiagnosticDescriptor DuplicateAlias = new("PE1208", "Duplicate alias", DiagnosticSeverity.Error, "The alias '{0}' is already declared in this rule.",
        DiagnosticCategory.Expressions,
        "Two patterns of one rule declare the same alias. Give each pattern its own alias.");
    public static readonly DiagnosticDescriptor UnknownName = new("PE1209", "Unknown name", DiagnosticSeverity.Error, "'{0}' is not an alias, parameter or helper in scope here.",
        DiagnosticCategory.Expressions,
        "A name is not an alias, parameter or helper in scope at that point; the nearest visible name is suggested.");
    public static readonly DiagnosticDescriptor InvalidAlias = new("PE1210", "Invalid alias", DiagnosticSeverity.Error, "'{0}' cannot be used as an alias: {1}",
        DiagnosticCategory.Expressions,
        "An alias must be a lower-camel-case name that is not a reserved word of the expression language (it, root, now, today, ...) and not the name of a rule parameter.");
    public static readonly DiagnosticDescriptor UnusedParameter = new("PE1211", "Unused parameter", DiagnosticSeverity.Warning, "The parameter '{0}' is not used by any expression of this rule.",
        DiagnosticCategory.Expressions,
        "A rule parameter is declared but no expression of the rule reads it, as found while binding. Use it or remove it; a warning.");
    public static readonly DiagnosticDescriptor ExpressionTooComplex = new("PE1212", "Expression too complex", DiagnosticSeverity.Error, "The expression is too complex to compile safely: {0}; split it into several conditions.",
        DiagnosticCategory.Expressions,
        "The expression nests too deeply, chains too many operators, or a message has too many placeholders to compile safely. Split it into several conditions.");
    public static readonly DiagnosticDescriptor ExpressionTooCostly = new("PE1213", "Expression too costly", DiagnosticSeverity.Error, "The expression could do unbounded work: {0}.",
        DiagnosticCategory.Expressions,
        "The expression could do unbounded work: lambdas nested more than 3 deep, very wide padding, a Replace that grows text, or list methods on text. Rewrite it with a bounded shape.");
    public static readonly DiagnosticDescriptor ExpressionNotBuilt = new("PE1214", "Expression not built", DiagnosticSeverity.Error, "The expression passed the checks but the expression library could not build it: {0}",
        DiagnosticCategory.Expressions,
        "The expression passed every check of the binder but the expression library could not build it. Report it as a defect, and rewrite the expression meanwhile.");

    public static readonly DiagnosticDescriptor DuplicateRuleId = new("PE1301", "Duplicate rule ID", DiagnosticSeverity.Error, "The rule ID '{0}' is also used by {1}.",
        DiagnosticCategory.RuleSet,
        "Two rule files declare the same rule ID; the message names the other file. Rule IDs are unique across the rules folder.");
    public static readonly DiagnosticDescriptor NoRules = new("PE1302", "No rules", DiagnosticSeverity.Error, "No rule files (*.yaml) were found in '{0}'.",
        DiagnosticCategory.RuleSet,
        "The rules folder holds no rule files (*.yaml, other than *.tests.yaml). Point --rules or the configuration at the right folder.");
    public static readonly DiagnosticDescriptor RuleBuildFailed = new("PE1303", "Rule could not be built", DiagnosticSeverity.Error, "The rule engine rejected the rule: {0}",
        DiagnosticCategory.RuleSet,
        "The rule engine (NRules) rejected the rule definition built from the file. The message gives the engine's reason.");
    public static readonly DiagnosticDescriptor RulesFolderMissing = new("PE1304", "Rules folder not found", DiagnosticSeverity.Error, "The rules folder '{0}' does not exist.",
        DiagnosticCategory.RuleSet,
        "The rules folder named by --rules or the configuration does not exist.");
    public static readonly DiagnosticDescriptor FileTooLarge = new("PE1305", "File too large", DiagnosticSeverity.Error, "{0}",
        DiagnosticCategory.RuleSet,
        "An input file is larger than its kind allows (rule, test, configuration and attestation files 1 MiB; snapshots and JSON reports 512 MiB).");

    public static readonly DiagnosticDescriptor TestForUnknownRule = new("PE1401", "Test for an unknown rule", DiagnosticSeverity.Error, "The tests are for rule '{0}', which is not loaded.",
        DiagnosticCategory.RuleTests,
        "A test file is for a rule ID that no loaded rule has. Fix the 'rule' key or the rule file.");
    public static readonly DiagnosticDescriptor InvalidTestFacts = new("PE1402", "Invalid test facts", DiagnosticSeverity.Error, "The facts of test case '{0}' are invalid: {1}",
        DiagnosticCategory.RuleTests,
        "The facts of a test case do not form a valid snapshot (unknown property, wrong type, empty list item). The message says what is wrong.");
    public static readonly DiagnosticDescriptor MissingTestCases = new("PE1403", "Rule without required tests", DiagnosticSeverity.Warning, "Rule '{0}' has no test case expecting '{1}'; every rule needs at least one failing and one passing case, and one not-applicable case when it declares 'notApplicable'.",
        DiagnosticCategory.RuleTests,
        "Every rule needs at least one test case expecting 'fail' and one expecting 'pass', and a rule with a 'notApplicable' part one expecting 'notApplicable'. Add the missing case to the rule's .tests.yaml file; a warning.");

    public static readonly DiagnosticDescriptor UnknownAttestationValue = new("PE1501", "Unknown attestation value", DiagnosticSeverity.Warning, "'{0}' is not a known {1} ({2}); the rules may not recognise it.",
        DiagnosticCategory.Attestations,
        "An attestation value is not one the rules know (a storage kind or device type, say), so no rule may recognise it. Use one of the listed values; a warning.");
    public static readonly DiagnosticDescriptor AttestationsForOtherAccount = new("PE1502", "Attestations for another account", DiagnosticSeverity.Warning, "The attestations are for account {0}, but the snapshot's management account is {1}; no rule will read them.",
        DiagnosticCategory.Attestations,
        "The attestations file is for another account than the snapshot's management account, so no rule reads it. A warning.");
    public static readonly DiagnosticDescriptor AttestationsFileMissing = new("PE1503", "Attestations file not found", DiagnosticSeverity.Error, "The attestations file '{0}' does not exist.",
        DiagnosticCategory.Attestations,
        "The attestations file named by --attestations or the configuration does not exist.");

    public static readonly DiagnosticDescriptor NotRegularFile = new("PE1601", "Not a regular file", DiagnosticSeverity.Error, "{0} Name a regular file.",
        DiagnosticCategory.Files,
        "The path names something other than a regular file: a folder, a device such as /dev/zero, a named pipe or a socket. It is refused by its type, without being opened.");
    public static readonly DiagnosticDescriptor LinkLeavesFolder = new("PE1602", "Symbolic link leaves its folder", DiagnosticSeverity.Error, "{0}",
        DiagnosticCategory.Files,
        "A symbolic link points outside its folder (the rules folder for rules and tests, the named file's folder otherwise); files are read only where they were named.");
    public static readonly DiagnosticDescriptor FileUnreadable = new("PE1603", "File cannot be read", DiagnosticSeverity.Error, "{0}",
        DiagnosticCategory.Files,
        "The file could not be read: permissions, not UTF-8 text, NUL bytes, or not read within 30 seconds.");
    public static readonly DiagnosticDescriptor FileNotFound = new("PE1604", "File not found", DiagnosticSeverity.Error, "{0}",
        DiagnosticCategory.Files,
        "The named file (snapshot, baseline, results, reporter assembly) does not exist.");
    public static readonly DiagnosticDescriptor OutputPathUnusable = new("PE1605", "Output cannot be written there", DiagnosticSeverity.Error, "{0}",
        DiagnosticCategory.Files,
        "An output (report, dry run, snapshot, rule pages) cannot be written where it was asked to go: a folder, a device, a file in the parent's place, or two outputs on one file. Checked before anything is evaluated or written.");

    public static readonly DiagnosticDescriptor UnknownFramework = new("PE1701", "Unknown framework", DiagnosticSeverity.Error, "'{0}' is not a known framework; known: {1}.",
        DiagnosticCategory.Frameworks,
        "A rule's mapping names a framework that is neither shipped nor defined in the rules folder's frameworks/ folder (or whose file has errors, which leaves it out). Use a known framework ID (the nearest is suggested), or add the framework's file.");
    public static readonly DiagnosticDescriptor UnknownFrameworkVersion = new("PE1702", "Unknown or missing framework version", DiagnosticSeverity.Error, "{0}",
        DiagnosticCategory.Frameworks,
        "A mapping names a version the framework is not loaded in, or names none while several versions are loaded (CIS item numbers differ between versions, so the version matters). Write 'version:' with one of the versions the message lists.");
    public static readonly DiagnosticDescriptor MalformedRequirementId = new("PE1703", "Malformed requirement ID", DiagnosticSeverity.Error, "'{0}' is not a requirement ID of {1}: {2}.",
        DiagnosticCategory.Frameworks,
        "A requirement ID does not have its framework's form (its requirementPattern): a URL or a label where an anchor belongs, 'iam-9' for IAM.9, an anchor of the other version of a page. Write the ID in the form the message describes; in a framework file, fix the requirement or the pattern.");
    public static readonly DiagnosticDescriptor UnknownRequirement = new("PE1704", "Unknown requirement", DiagnosticSeverity.Error, "{1} has no requirement '{0}'.",
        DiagnosticCategory.Frameworks,
        "A mapping's requirement ID has the framework's form but the framework does not list it: a typo (the nearest is suggested) or an item of another version. Name a requirement the framework has, or add it to the framework's file if the framework does have it.");
    public static readonly DiagnosticDescriptor DuplicateFramework = new("PE1705", "Duplicate framework", DiagnosticSeverity.Error, "The framework '{0}' is also defined by {1}.",
        DiagnosticCategory.Frameworks,
        "Two files in the rules folder's frameworks/ folder define the same framework ID and version; only the first is used. Remove one, or give them different versions. (A file there may replace a shipped framework of the same ID and version; that is not an error.)");
    public static readonly DiagnosticDescriptor DuplicateRequirement = new("PE1706", "Duplicate requirement or mapping", DiagnosticSeverity.Error, "'{0}' is already listed at {1}.",
        DiagnosticCategory.Frameworks,
        "A framework lists a requirement twice, a rule maps to the same requirement twice, or two frameworks that name recommendations share an anchor (a rule's 'recommendation' could then mean either). Remove the repetition.");

    public static readonly DiagnosticDescriptor UnknownRuleInConfiguration = new("PE2001", "Unknown rule in configuration", DiagnosticSeverity.Warning, "'{0}' is not a loaded rule; this setting has no effect.",
        DiagnosticCategory.Configuration,
        "The configuration names a rule that is not loaded, so the setting has no effect; a warning.");
    public static readonly DiagnosticDescriptor UnknownCategoryInConfiguration = new("PE2002", "Unknown category in configuration", DiagnosticSeverity.Warning, "No loaded rule has the category '{0}'; this setting has no effect.",
        DiagnosticCategory.Configuration,
        "The configuration names a category no loaded rule has, so the setting has no effect; a warning.");
    public static readonly DiagnosticDescriptor UnknownParameter = new("PE2003", "Unknown rule parameter", DiagnosticSeverity.Error, "Rule '{0}' has no parameter '{1}'.",
        DiagnosticCategory.Configuration,
        "The configuration sets a parameter the rule does not declare.");
    public static readonly DiagnosticDescriptor ParameterType = new("PE2004", "Wrong parameter type", DiagnosticSeverity.Error, "Parameter '{1}' of rule '{0}' must be {2}, like its default.",
        DiagnosticCategory.Configuration,
        "A parameter value in the configuration has another kind than the parameter's default (text for a number, say).");
    public static readonly DiagnosticDescriptor BlankJustification = new("PE2005", "Suppression without justification", DiagnosticSeverity.Error, "A suppression needs a justification that says why the result is accepted.",
        DiagnosticCategory.Configuration,
        "A suppression needs a justification that says why the result is accepted; a blank one is refused.");
    public static readonly DiagnosticDescriptor ReporterAssemblyUnusable = new("PE2007", "Reporter assembly cannot be loaded", DiagnosticSeverity.Error, "{0}",
        DiagnosticCategory.Configuration,
        "A reporter assembly named under reporterAssemblies cannot be loaded (missing, not a .NET assembly, no reporter in it, a name already taken).");
    public static readonly DiagnosticDescriptor ReporterInvalid = new("PE2008", "Reporter unknown or misconfigured", DiagnosticSeverity.Error, "{0}",
        DiagnosticCategory.Configuration,
        "A reporter named in the configuration is unknown, or its options are invalid.");
    public static readonly DiagnosticDescriptor ConfigurationMissing = new("PE2006", "Configuration file not found", DiagnosticSeverity.Error, "The configuration file '{0}' does not exist.",
        DiagnosticCategory.Configuration,
        "The configuration file named by --config does not exist.");

    public static readonly DiagnosticDescriptor SuppressionExpired = new("PE2101", "Suppression expired", DiagnosticSeverity.Warning,
        "The suppression of {0} for account {1} expired on {2} and no longer applies (owner: {3}); renew it with a new justification or fix the finding.",
        DiagnosticCategory.Suppressions,
        "A suppression's expiry date has passed, so it no longer applies and the result counts again. Renew it with a new justification, or fix the finding; a warning.");
    public static readonly DiagnosticDescriptor SuppressionUnused = new("PE2102", "Suppression unused", DiagnosticSeverity.Warning,
        "The suppression of {0} for account {1} and resource {2} matched no failing result; remove it so the list does not rot.",
        DiagnosticCategory.Suppressions,
        "A suppression matched no failing result; remove it so that the list does not rot. A warning.");

    /// <summary>The diagnostic for an input file the file gateway refused, at <paramref name="location"/> (the file, or the setting that named it).</summary>
    public static Diagnostic ForInput(Core.Files.InputFileException refused, SourceLocation location) => (refused.Problem switch
    {
        Core.Files.InputProblem.NotFound => FileNotFound,
        Core.Files.InputProblem.NotRegularFile => NotRegularFile,
        Core.Files.InputProblem.LinkLeavesFolder => LinkLeavesFolder,
        Core.Files.InputProblem.TooLarge => FileTooLarge,
        _ => FileUnreadable,
    }).Create(location, refused.Message);

    /// <summary>Every descriptor of the table, in ID order (declared last: static fields initialize in text order).</summary>
    public static readonly IReadOnlyList<DiagnosticDescriptor> All = typeof(DiagnosticDescriptors)
        .GetFields(System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Static)
        .Where(f => f.FieldType == typeof(DiagnosticDescriptor))
        .Select(f => (DiagnosticDescriptor)f.GetValue(null)!)
        .OrderBy(d => d.Id, StringComparer.Ordinal)
        .ToList();
}
