using System.Globalization;
using PolicyEngine.Core.Rules;
using PolicyEngine.Evaluation.Outcomes;
using PolicyEngine.Rules;
using PolicyEngine.Diagnostics;
using PolicyEngine.Rules.Syntax;
using PolicyEngine.Syntax;
using YamlDotNet.RepresentationModel;

namespace PolicyEngine.Pipeline.Configuration;

/// <summary>
/// Reads policyengine.yaml with the same diagnostics as rule files (file, line, column, did-you-mean). Rule IDs and
/// categories are checked against the loaded rules, so an override of a rule that does not exist is a warning, not silence.
/// </summary>
public static class ConfigurationReader
{
    public const string DefaultFileName = "policyengine.yaml";

    public static readonly IReadOnlyList<string> TopKeys =
        ["rules", "attestations", "severity", "parameters", "suppressions", "reports", "reporterAssemblies", "push", "failOn", "failOnNew", "evidence", "aws"];
    public static readonly IReadOnlyList<string> SeverityKeys = ["rules", "categories"];
    public static readonly IReadOnlyList<string> SuppressionKeys = ["rule", "account", "resource", "justification", "owner", "expires"];
    public static readonly IReadOnlyList<string> ReportKeys = ["name", "path", "options"];
    public static readonly IReadOnlyList<string> AwsKeys = ["profile", "region", "accounts", "inventory", "costExplorer"];
    public static readonly IReadOnlyList<string> InventoryKeys = ["resourceTypes", "regions"];
    public static readonly IReadOnlyList<string> CostExplorerKeys = ["enabled", "days"];
    public static readonly IReadOnlyList<string> AccountSelectionKeys = ["include", "exclude"];
    public static readonly IReadOnlyList<string> SeverityValues = [.. SeverityNames.All, "none"];


    /// <summary>Reads the file, or returns an empty configuration when no path was given and no default file exists.</summary>
    public static PolicyConfiguration Read(string? path, DiagnosticBag diagnostics)
    {
        if (path is null)
        {
            // Only a default file that is there is read; anything of that name that is there (a folder, a link) is checked like a named file.
            if (!PolicyEngine.Core.Files.InputFile.Exists(DefaultFileName)) return PolicyConfiguration.Empty;
            path = DefaultFileName;
        }
        if (!PolicyEngine.Core.Files.InputFile.Exists(path))
        {
            diagnostics.Add(DiagnosticDescriptors.ConfigurationMissing.Create(SourceLocation.FileOnly(path), path));
            return PolicyConfiguration.Empty;
        }
        var document = YamlSource.Load(path, path.Replace('\\', '/'), diagnostics);
        if (document?.Root is null) return PolicyConfiguration.Empty with { SourcePath = path };
        var map = YamlMap.Read(document, document.Root, "the configuration", diagnostics, TopKeys);
        if (map is null) return PolicyConfiguration.Empty with { SourcePath = path };

        var (ruleSeverities, categorySeverities) = ReadSeverities(map, diagnostics);
        return new PolicyConfiguration
        {
            SourcePath = path,
            KeyLocations = KeyLocations(document),
            RulesDirectory = map.Text("rules", required: false)?.Value,
            AttestationsPath = map.Text("attestations", required: false)?.Value,
            RuleSeverities = ruleSeverities,
            CategorySeverities = categorySeverities,
            Parameters = ReadParameters(map, diagnostics),
            Suppressions = ReadSuppressions(map, diagnostics),
            Reports = ReadReports(map, diagnostics),
            ReporterAssemblies = LocatedTextList(map, "reporterAssemblies"),
            Push = ReadPush(map, diagnostics),
            FailOn = ReadSeverity(map, "failOn", diagnostics, allowNone: false) is { } failOn ? failOn.Severity : null,
            FailOnNew = ReadBool(map, "failOnNew", diagnostics),
            Evidence = ReadBool(map, "evidence", diagnostics, absent: true),
            Aws = ReadAws(map, diagnostics),
        };
    }

    /// <summary>Checks the configuration against the rules that were loaded: unknown IDs, categories and parameters.</summary>
    public static void Check(PolicyConfiguration configuration, IReadOnlyList<RuleDescriptor> rules, DiagnosticBag diagnostics)
    {
        var locations = configuration.KeyLocations;
        var byId = rules.ToDictionary(r => r.Id, StringComparer.Ordinal);
        var categories = rules.Select(r => r.Category).ToHashSet(StringComparer.Ordinal);
        SourceLocation At(string key) => locations.GetValueOrDefault(key, SourceLocation.FileOnly(configuration.SourcePath ?? DefaultFileName));
        foreach (var id in configuration.RuleSeverities.Keys.Where(id => !byId.ContainsKey(id)))
            diagnostics.Add(DiagnosticDescriptors.UnknownRuleInConfiguration.CreateWithSuggestion(At("severity.rules." + id), Suggestions.DidYouMean(id, byId.Keys), id));
        foreach (var category in configuration.CategorySeverities.Keys.Where(c => !categories.Contains(c)))
            diagnostics.Add(DiagnosticDescriptors.UnknownCategoryInConfiguration.CreateWithSuggestion(At("severity.categories." + category), Suggestions.DidYouMean(category, categories), category));
        foreach (var (id, parameters) in configuration.Parameters)
        {
            if (!byId.TryGetValue(id, out var rule))
            {
                diagnostics.Add(DiagnosticDescriptors.UnknownRuleInConfiguration.CreateWithSuggestion(At("parameters." + id), Suggestions.DidYouMean(id, byId.Keys), id));
                continue;
            }
            foreach (var (name, value) in parameters)
            {
                if (!rule.Parameters.TryGetValue(name, out var defaultValue))
                    diagnostics.Add(DiagnosticDescriptors.UnknownParameter.CreateWithSuggestion(At($"parameters.{id}.{name}"), Suggestions.DidYouMean(name, rule.Parameters.Keys), id, name));
                else if (!ParameterKinds.Fits(defaultValue, value))
                    diagnostics.Add(DiagnosticDescriptors.ParameterType.Create(At($"parameters.{id}.{name}"), id, name, ParameterKinds.KindName(defaultValue!)));
            }
        }
        foreach (var suppression in configuration.Suppressions.Where(s => !byId.ContainsKey(s.RuleId)))
            diagnostics.Add(DiagnosticDescriptors.UnknownRuleInConfiguration.CreateWithSuggestion(suppression.Location, Suggestions.DidYouMean(suppression.RuleId, byId.Keys), suppression.RuleId));
    }

    /// <summary>Where each key was written (dotted paths such as "severity.rules.MA0401"), so that checks against the rules can point at it.</summary>
    private static Dictionary<string, SourceLocation> KeyLocations(YamlSource document)
    {
        var locations = new Dictionary<string, SourceLocation>(StringComparer.Ordinal);
        void Walk(YamlNode node, string prefix)
        {
            if (node is not YamlMappingNode mapping) return;
            foreach (var (key, value) in mapping.Children)
            {
                if (key is not YamlScalarNode { Value: { } name }) continue;
                var full = prefix.Length == 0 ? name : $"{prefix}.{name}";
                locations[full] = document.LocationOf(key);
                Walk(value, full);
            }
        }
        Walk(document.Root!, "");
        return locations;
    }

    private static (Dictionary<string, Severity?>, Dictionary<string, Severity?>) ReadSeverities(YamlMap map, DiagnosticBag diagnostics)
    {
        var byRule = new Dictionary<string, Severity?>(StringComparer.Ordinal);
        var byCategory = new Dictionary<string, Severity?>(StringComparer.Ordinal);
        if (map.Get("severity") is not { } node) return (byRule, byCategory);
        var severity = YamlMap.Read(map.Document, node, "severity", diagnostics, SeverityKeys);
        if (severity is null) return (byRule, byCategory);
        foreach (var (key, target) in new[] { ("rules", byRule), ("categories", byCategory) })
        {
            if (severity.Get(key) is not { } section) continue;
            var entries = YamlMap.Read(map.Document, section, $"severity.{key}", diagnostics, []);
            foreach (var name in entries?.Keys ?? [])
                if (ReadSeverity(entries!, name, diagnostics, allowNone: true) is { } value)
                    target[name] = value.Severity;
        }
        return (byRule, byCategory);
    }

    private static (Severity? Severity, bool Ok)? ReadSeverity(YamlMap map, string key, DiagnosticBag diagnostics, bool allowNone)
    {
        var text = map.Text(key, required: false);
        if (text is null) return null;
        var value = text.Value.ToLowerInvariant();
        if (allowNone && value == "none") return (null, true);
        if (SeverityNames.TryParse(value, out var parsed)) return (parsed, true);
        var allowed = allowNone ? SeverityValues : SeverityNames.All;
        diagnostics.Add(DiagnosticDescriptors.InvalidValue.CreateWithSuggestion(text.Location, Suggestions.DidYouMean(value, allowed),
            text.Value, "severity", $"use one of {string.Join(", ", allowed)}."));
        return null;
    }

    private static bool ReadBool(YamlMap map, string key, DiagnosticBag diagnostics, bool absent = false)
    {
        var text = map.Text(key, required: false);
        if (text is null) return absent;
        if (text.Value is "true" or "false") return text.Value == "true";
        diagnostics.Add(DiagnosticDescriptors.WrongValueType.Create(text.Location, key, "true or false", $"the text '{text.Value}'"));
        return false;
    }

    private static Dictionary<string, IReadOnlyDictionary<string, object>> ReadParameters(YamlMap map, DiagnosticBag diagnostics)
    {
        var result = new Dictionary<string, IReadOnlyDictionary<string, object>>(StringComparer.Ordinal);
        if (map.Get("parameters") is not { } node) return result;
        var rules = YamlMap.Read(map.Document, node, "parameters", diagnostics, []);
        foreach (var ruleId in rules?.Keys ?? [])
        {
            var values = YamlMap.Read(map.Document, rules!.Get(ruleId), $"parameters.{ruleId}", diagnostics, []);
            if (values is null) continue;
            var parameters = new Dictionary<string, object>(StringComparer.Ordinal);
            foreach (var name in values.Keys)
                if (values.ParameterValue(values.Get(name)!, name) is { } value) parameters[name] = value;
            result[ruleId] = parameters;
        }
        return result;
    }

    private static List<SuppressionRule> ReadSuppressions(YamlMap map, DiagnosticBag diagnostics)
    {
        var list = new List<SuppressionRule>();
        if (map.List("suppressions", required: false, allowEmpty: true) is not { } sequence) return list;
        foreach (var node in sequence.Children)
        {
            var entry = YamlMap.Read(map.Document, node, "a suppression", diagnostics, SuppressionKeys);
            if (entry is null) continue;
            var rule = entry.Text("rule", required: true);
            var account = entry.Text("account", required: true);
            var justification = entry.Text("justification", required: true);
            var owner = entry.Text("owner", required: true);
            var expires = entry.Text("expires", required: true);
            var resource = entry.Text("resource", required: false)?.Value ?? "*";
            if (justification is not null && string.IsNullOrWhiteSpace(justification.Value))
                diagnostics.Add(DiagnosticDescriptors.BlankJustification.Create(justification.Location));
            DateOnly? expiry = null;
            if (expires is not null)
            {
                if (DateOnly.TryParseExact(expires.Value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)) expiry = date;
                else diagnostics.Add(DiagnosticDescriptors.InvalidValue.Create(expires.Location, expires.Value, "expiry date", "write it as YYYY-MM-DD."));
            }
            if (rule is null || account is null || justification is null || owner is null || expiry is null) continue;
            list.Add(new SuppressionRule(rule.Value, account.Value, resource, justification.Value.Trim(), owner.Value, expiry.Value, entry.Location));
        }
        return list;
    }

    private static List<ReportEntry> ReadReports(YamlMap map, DiagnosticBag diagnostics)
    {
        var list = new List<ReportEntry>();
        if (map.List("reports", required: false, allowEmpty: true) is not { } sequence) return list;
        foreach (var node in sequence.Children)
        {
            var entry = YamlMap.Read(map.Document, node, "a report", diagnostics, ReportKeys);
            var name = entry?.Text("name", required: true);
            if (entry is null || name is null) continue;
            var options = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            if (entry.Get("options") is { } optionsNode && YamlMap.Read(map.Document, optionsNode, "options", diagnostics, []) is { } optionMap)
                foreach (var key in optionMap.Keys)
                    if (optionMap.Text(key, required: false) is { } value) options[key] = value.Value;
            list.Add(new ReportEntry(name.Value.ToLowerInvariant(), entry.Text("path", required: false)?.Value, options) { Location = name.Location });
        }
        return list;
    }

    /// <summary>A list of text with where each item was written, so that later checks (a reporter assembly that cannot be loaded) can point at it.</summary>
    private static List<Located<string>> LocatedTextList(YamlMap map, string key)
    {
        var values = map.TextList(key);
        if (values.Count == 0 || map.Get(key) is not YamlSequenceNode sequence) return [];
        return sequence.Children.OfType<YamlScalarNode>().Where(n => n.Value is not null && !YamlMap.IsNull(n))
            .Select(n => new Located<string>(n.Value!, map.Document.LocationOf(n))).ToList();
    }

    public static readonly IReadOnlyList<string> PushTargets = ["securityhub"];

    private static List<string> ReadPush(YamlMap map, DiagnosticBag diagnostics)
    {
        var targets = new List<string>();
        foreach (var target in LocatedTextList(map, "push"))
        {
            if (PushTargets.Contains(target.Value, StringComparer.OrdinalIgnoreCase)) targets.Add(target.Value);
            else diagnostics.Add(DiagnosticDescriptors.InvalidValue.CreateWithSuggestion(target.Location, Suggestions.DidYouMean(target.Value, PushTargets),
                target.Value, "push target", $"use one of {string.Join(", ", PushTargets)}."));
        }
        return targets;
    }

    private static AwsSettings ReadAws(YamlMap map, DiagnosticBag diagnostics)
    {
        if (map.Get("aws") is not { } node || YamlMap.Read(map.Document, node, "aws", diagnostics, AwsKeys) is not { } aws) return new AwsSettings();
        var accounts = aws.Get("accounts") is { } accountsNode ? YamlMap.Read(map.Document, accountsNode, "aws.accounts", diagnostics, AccountSelectionKeys) : null;
        var inventory = aws.Get("inventory") is { } inventoryNode ? YamlMap.Read(map.Document, inventoryNode, "aws.inventory", diagnostics, InventoryKeys) : null;
        var costs = aws.Get("costExplorer") is { } costNode ? YamlMap.Read(map.Document, costNode, "aws.costExplorer", diagnostics, CostExplorerKeys) : null;
        return new AwsSettings
        {
            Profile = aws.Text("profile", required: false)?.Value,
            Region = ReadRegion(aws, diagnostics),
            IncludeAccounts = accounts?.TextList("include") ?? [],
            ExcludeAccounts = accounts?.TextList("exclude") ?? [],
            ResourceTypes = inventory?.Get("resourceTypes") is null ? null : ReadResourceTypes(inventory, diagnostics),
            InventoryRegions = inventory?.Get("regions") is null ? null : inventory.TextList("regions"),
            CostExplorerEnabled = costs is null || ReadBool(costs, "enabled", diagnostics, absent: true),
            CostExplorerDays = costs is null ? AwsSettings.DefaultCostExplorerDays : ReadDays(costs, diagnostics),
        };
    }

    private static string? ReadRegion(YamlMap aws, DiagnosticBag diagnostics)
    {
        var region = aws.Text("region", required: false);
        if (region is null || System.Text.RegularExpressions.Regex.IsMatch(region.Value, "^[a-z]{2}(-[a-z]+)+-[0-9]+$")) return region?.Value;
        diagnostics.Add(DiagnosticDescriptors.InvalidValue.Create(region.Location, region.Value, "AWS region", "write a region name such as us-east-1."));
        return null;
    }

    /// <summary>CloudFormation type names as Cloud Control's model constrains them (Service::Product::Type).</summary>
    private static IReadOnlyList<string> ReadResourceTypes(YamlMap inventory, DiagnosticBag diagnostics)
    {
        var types = inventory.TextList("resourceTypes");
        if (types.FirstOrDefault(t => !System.Text.RegularExpressions.Regex.IsMatch(t, "^[A-Za-z0-9]{2,64}::[A-Za-z0-9]{2,64}::[A-Za-z0-9]{2,64}$")) is { } bad)
            diagnostics.Add(DiagnosticDescriptors.InvalidValue.Create(inventory.Document.LocationOf(inventory.Get("resourceTypes")!), bad,
                "resource type", "write a CloudFormation type name such as AWS::Lambda::Function."));
        return types;
    }

    private static int ReadDays(YamlMap costs, DiagnosticBag diagnostics)
    {
        if (costs.Text("days", required: false) is not { } text) return AwsSettings.DefaultCostExplorerDays;
        if (int.TryParse(text.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var days) && days is >= 1 and <= 365) return days;
        diagnostics.Add(DiagnosticDescriptors.InvalidValue.Create(text.Location, text.Value, "number of days", "use a whole number from 1 to 365."));
        return AwsSettings.DefaultCostExplorerDays;
    }
}
