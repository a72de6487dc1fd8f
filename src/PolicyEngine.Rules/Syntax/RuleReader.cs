using PolicyEngine.Diagnostics;
using YamlDotNet.RepresentationModel;
using PolicyEngine.Syntax;

namespace PolicyEngine.Rules.Syntax;

/// <summary>Reads a rule file into <see cref="RuleSyntax"/>, checking its structure against the rule schema's keys.</summary>
public static class RuleReader
{
    /// <summary>The keys of a rule file; docs/schemas/rule.schema.json declares the same (a test keeps them in step).</summary>
    public static readonly IReadOnlyList<string> RuleKeys =
    [
        "id", "title", "severity", "category", "recommendation", "rationale", "remediation", "references", "tags",
        "mappings", "parameters", "subject", "when", "message", "passMessage", "evidence", "notApplicable",
    ];

    public static readonly IReadOnlyList<string> RequiredRuleKeys =
        ["id", "title", "severity", "category", "recommendation", "rationale", "remediation", "subject", "when", "message"];

    public static readonly IReadOnlyList<string> PatternKeys = ["fact", "as", "where"];
    public static readonly IReadOnlyList<string> CollectKeys = ["collect", "as", "each", "where", "having"];
    public static readonly IReadOnlyList<string> GroupKeys = ["not", "exists", "any"];
    public static readonly IReadOnlyList<string> EvidenceKeys = ["note", "when"];
    public static readonly IReadOnlyList<string> MappingKeys = ["framework", "version", "requirements"];
    public static readonly IReadOnlyList<string> NotApplicableKeys = ["message", "when"];
    private static readonly IReadOnlyList<string> ElementKeys = [.. PatternKeys, .. CollectKeys.Skip(1), .. GroupKeys, "collect"];

    public static RuleSyntax? Read(YamlSource document, DiagnosticBag diagnostics)
    {
        var map = YamlMap.Read(document, document.Root, "the rule", diagnostics, RuleKeys);
        if (map is null) return null;

        var id = map.Text("id", required: true);
        var title = map.Text("title", required: true);
        var severity = map.Text("severity", required: true);
        var category = map.Text("category", required: true);
        var recommendation = map.Text("recommendation", required: true);
        var rationale = map.Text("rationale", required: true);
        var remediation = map.Text("remediation", required: true);
        var message = map.Expression("message", required: true);
        var subjectNode = map.Required("subject");
        var subject = subjectNode is null ? null : ReadPattern(document, subjectNode, "subject", diagnostics);
        var whenNode = map.List("when", required: true);
        var when = whenNode is null ? [] : ReadElements(document, map, "when", whenNode, diagnostics);

        if (id is null || title is null || severity is null || category is null || recommendation is null
            || rationale is null || remediation is null || message is null || subject is null || whenNode is null)
            return null;

        return new RuleSyntax
        {
            Path = document.Path,
            Id = id,
            Title = title.Value,
            Severity = severity,
            Category = category.Value,
            Recommendation = recommendation,
            Rationale = rationale.Value,
            Remediation = remediation.Value,
            References = map.TextList("references"),
            Tags = map.TextList("tags"),
            Mappings = ReadMappings(map, diagnostics),
            Parameters = ReadParameters(map, diagnostics),
            Subject = subject,
            When = when,
            Message = message,
            PassMessage = map.Expression("passMessage", required: false),
            Evidence = ReadPart(document, map, "evidence", EvidenceKeys, diagnostics, (note, when, at) => new EvidenceSyntax(note, when, at)),
            NotApplicable = ReadPart(document, map, "notApplicable", NotApplicableKeys, diagnostics, (message, when, at) => new NotApplicableSyntax(message, when, at)),
        };
    }

    /// <summary>A part of the rule made of a text (the first of <paramref name="keys"/>) and 'when' elements.</summary>
    private static T? ReadPart<T>(YamlSource document, YamlMap rule, string key, IReadOnlyList<string> keys, DiagnosticBag diagnostics,
        Func<ExpressionSyntax, IReadOnlyList<ElementSyntax>, SourceLocation, T> create) where T : class
    {
        if (rule.Get(key) is not { } node) return null;
        var map = YamlMap.Read(document, node, $"'{key}'", diagnostics, keys);
        var text = map?.Expression(keys[0], required: true);
        var when = map?.List("when", required: true);
        return map is null || text is null || when is null ? null : create(text, ReadElements(document, map, "when", when, diagnostics), map.Location);
    }

    private static List<MappingSyntax> ReadMappings(YamlMap rule, DiagnosticBag diagnostics)
    {
        var list = rule.List("mappings", required: false);
        if (list is null || !rule.WithinLimit("mappings", list)) return [];
        var mappings = new List<MappingSyntax>();
        foreach (var node in list.Children)
        {
            var map = YamlMap.Read(rule.Document, node, "a mapping", diagnostics, MappingKeys);
            var framework = map?.Text("framework", required: true);
            var version = map?.Text("version", required: false);
            var requirements = map?.List("requirements", required: true) is null ? [] : map!.LocatedTextList("requirements");
            if (framework is not null && requirements.Count > 0)
                mappings.Add(new MappingSyntax(framework, version, requirements, map!.Location));
        }
        return mappings;
    }

    private static List<ParameterSyntax> ReadParameters(YamlMap rule, DiagnosticBag diagnostics)
    {
        var node = rule.Get("parameters");
        if (node is null) return [];
        var map = YamlMap.Read(rule.Document, node, "parameters", diagnostics, allowedKeys: []);
        if (map is null) return [];
        var parameters = new List<ParameterSyntax>();
        foreach (var name in map.Keys)
        {
            if (map.ParameterValue(map.Get(name)!, name) is { } value)
                parameters.Add(new ParameterSyntax(name, value, map.KeyLocation(name)));
        }
        return parameters;
    }

    private static List<ElementSyntax> ReadElements(YamlSource document, YamlMap owner, string key, YamlSequenceNode sequence, DiagnosticBag diagnostics)
    {
        if (!owner.WithinLimit(key, sequence)) return [];
        var elements = new List<ElementSyntax>();
        foreach (var child in sequence.Children)
            if (ReadElement(document, child, diagnostics) is { } element)
                elements.Add(element);
        return elements;
    }

    private static ElementSyntax? ReadElement(YamlSource document, YamlNode node, DiagnosticBag diagnostics)
    {
        var map = YamlMap.Read(document, node, "a match element", diagnostics, ElementKeys);
        if (map is null) return null;
        var kinds = new[] { "fact", "collect", "not", "exists", "any" }.Where(map.Has).ToList();
        if (kinds.Count != 1)
        {
            diagnostics.Add(DiagnosticDescriptors.AmbiguousElement.Create(map.Location, kinds.Count == 0 ? "none" : string.Join(" and ", kinds.Select(k => $"'{k}'"))));
            return null;
        }
        switch (kinds[0])
        {
            case "fact":
                return ReadPattern(document, node, "a pattern", diagnostics);
            case "collect":
                return ReadCollect(document, node, diagnostics);
            default:
                var kind = Enum.Parse<GroupKind>(kinds[0], ignoreCase: true);
                var group = YamlMap.Read(document, node, $"a '{kinds[0]}' group", diagnostics, [kinds[0]]);
                var list = group?.List(kinds[0], required: true);
                return list is null ? null : new GroupSyntax(kind, ReadElements(document, group!, kinds[0], list, diagnostics), document.LocationOf(node));
        }
    }

    private static PatternSyntax? ReadPattern(YamlSource document, YamlNode node, string context, DiagnosticBag diagnostics)
    {
        var map = YamlMap.Read(document, node, context, diagnostics, PatternKeys);
        if (map is null) return null;
        var fact = map.Text("fact", required: true);
        var alias = map.Text("as", required: true);
        var where = map.Expressions("where");
        return fact is null || alias is null ? null : new PatternSyntax(fact, alias, where, map.Location);
    }

    private static CollectSyntax? ReadCollect(YamlSource document, YamlNode node, DiagnosticBag diagnostics)
    {
        var map = YamlMap.Read(document, node, "a 'collect' element", diagnostics, CollectKeys);
        if (map is null) return null;
        var fact = map.Text("collect", required: true);
        var alias = map.Text("as", required: true);
        var each = map.Text("each", required: true);
        var where = map.Expressions("where");
        // Without 'having' a collect always matches: its list feeds later conditions and the messages.
        var having = map.Expressions("having");
        return fact is null || alias is null || each is null ? null : new CollectSyntax(fact, alias, each, where, having, map.Location);
    }
}
