using PolicyEngine.Core.Facts;
using PolicyEngine.Core.Frameworks;
using PolicyEngine.Core.Rules;
using PolicyEngine.Rules.Binding;
using PolicyEngine.Rules.Building;
using PolicyEngine.Diagnostics;
using PolicyEngine.Rules.Frameworks;
using PolicyEngine.Rules.Syntax;
using PolicyEngine.Syntax;

namespace PolicyEngine.Rules;

/// <summary>
/// Compiles a folder of YAML rules the way a compiler compiles sources: parse with positions, check structure,
/// bind every expression against the fact types, then build NRules definitions. Every problem in every file is
/// reported; a rule with an error is left out, and callers refuse to evaluate when any error exists.
/// </summary>
public static class YamlRuleCompiler
{
    public const string TestFileSuffix = ".tests.yaml";

    /// <summary>The rule files of a folder (recursively), in a stable order; test files and framework files are not rules.</summary>
    public static IReadOnlyList<string> FindRuleFiles(string directory)
    {
        var frameworks = Path.GetFullPath(Path.Combine(directory, FrameworkLoader.FolderName)) + Path.DirectorySeparatorChar;
        return Core.Files.InputFile.FindFiles(directory, "*.yaml", "*.yml")
            .Where(path => !path.EndsWith(TestFileSuffix, StringComparison.OrdinalIgnoreCase))
            .Where(path => !Path.GetFullPath(path).StartsWith(frameworks, StringComparison.Ordinal))
            .ToList();
    }

    public static RuleSet CompileDirectory(string directory, CompileOptions? options = null)
    {
        var diagnostics = new DiagnosticBag();
        if (!Directory.Exists(directory))
        {
            diagnostics.Add(DiagnosticDescriptors.RulesFolderMissing.Create(SourceLocation.FileOnly(directory), directory));
            return new RuleSet([], diagnostics.Sorted());
        }
        var frameworks = FrameworkLoader.Load(directory, diagnostics);
        var files = FindRuleFiles(directory);
        if (files.Count == 0)
        {
            diagnostics.Add(DiagnosticDescriptors.NoRules.Create(SourceLocation.FileOnly(directory), directory));
            return new RuleSet([], diagnostics.Sorted());
        }
        var syntaxes = new List<RuleSyntax>();
        foreach (var file in files)
        {
            var display = DisplayPath(file);
            var document = YamlSource.Load(file, display, diagnostics, linkRoot: directory);
            if (document is not null && RuleReader.Read(document, diagnostics) is { } syntax)
                syntaxes.Add(syntax with { Path = display });
        }
        return Compile(syntaxes, Path.GetFullPath(directory), frameworks, diagnostics, options ?? new CompileOptions());
    }

    /// <summary>Compiles rules given as text (tests, tools); <paramref name="files"/> maps a display path to YAML.</summary>
    public static RuleSet CompileSources(IReadOnlyDictionary<string, string> files, CompileOptions? options = null)
    {
        var diagnostics = new DiagnosticBag();
        var syntaxes = new List<RuleSyntax>();
        foreach (var (path, text) in files.OrderBy(f => f.Key, StringComparer.Ordinal))
        {
            var document = YamlSource.Parse(text, path, diagnostics);
            if (document is not null && RuleReader.Read(document, diagnostics) is { } syntax)
                syntaxes.Add(syntax);
        }
        return Compile(syntaxes, null, options?.Frameworks ?? FrameworkLoader.Shipped, diagnostics, options ?? new CompileOptions());
    }

    private static RuleSet Compile(List<RuleSyntax> syntaxes, string? root, FrameworkSet frameworks, DiagnosticBag diagnostics, CompileOptions options)
    {
        var firstById = new Dictionary<string, RuleSyntax>(StringComparer.OrdinalIgnoreCase);
        var rules = new List<CompiledRule>();
        var turnedOff = new List<CompiledRule>();
        foreach (var syntax in syntaxes)
        {
            if (firstById.TryGetValue(syntax.Id.Value, out var first))
            {
                diagnostics.Add(DiagnosticDescriptors.DuplicateRuleId.Create(syntax.Id.Location, syntax.Id.Value, first.Id.Location.ToString()));
                continue;
            }
            firstById[syntax.Id.Value] = syntax;
            if (CompileRule(syntax, root, frameworks, diagnostics, options) is { } rule)
                (rule.IsTurnedOff ? turnedOff : rules).Add(rule);
        }
        return new RuleSet(rules, diagnostics.Sorted()) { TurnedOff = turnedOff, Frameworks = frameworks.Catalog };
    }

    private static CompiledRule? CompileRule(RuleSyntax syntax, string? root, FrameworkSet frameworks, DiagnosticBag diagnostics, CompileOptions options)
    {
        var checkpoint = diagnostics.Checkpoint();
        var descriptor = Describe(syntax, root, frameworks, diagnostics);
        var constants = Constants(syntax, options, diagnostics);
        var definitions = new RuleDefinitionBuilder(syntax, constants, diagnostics).Build();
        var message = MessageTemplate.Bind(syntax.Message, definitions.MessageScope, diagnostics);
        var evidenceNote = syntax.Evidence is { } evidenceSyntax && definitions.EvidenceScope is { } evidenceScope
            ? MessageTemplate.Bind(evidenceSyntax.Note, evidenceScope, diagnostics)
            : null;
        var notApplicableMessage = syntax.NotApplicable is { } notApplicableSyntax && definitions.NotApplicableScope is { } notApplicableScope
            ? MessageTemplate.Bind(notApplicableSyntax.Message, notApplicableScope, diagnostics)
            : null;
        var passMessage = syntax.PassMessage is { } pass ? MessageTemplate.Bind(pass, definitions.PassScope, diagnostics) : null;
        var hasErrors = diagnostics.HasErrorsSince(checkpoint);
        // An expression with an error stops binding at it, so unused-parameter warnings would be guesses then.
        if (!hasErrors)
            foreach (var parameter in syntax.Parameters.Where(p => !definitions.UsedConstants.Contains(p.Name)))
                diagnostics.Add(DiagnosticDescriptors.UnusedParameter.Create(parameter.Location, parameter.Name));

        if (descriptor is null || definitions.Violation is not { } violation || definitions.Subject is not { } subject || message is null || hasErrors)
            return null;

        var subjectType = FactCatalog.Find(syntax.Subject.FactType.Value)!;
        var severity = options.Severities.For(descriptor);
        return new CompiledRule
        {
            Severity = severity ?? descriptor.DefaultSeverity,
            IsTurnedOff = severity is null,
            Descriptor = descriptor with
            {
                SubjectType = subjectType.Name,
                FactTypes = definitions.FactTypes.Order(StringComparer.Ordinal).ToList(),
                Parameters = constants.Where(c => c.Key is not ("now" or "today")).ToDictionary(c => c.Key, c => (object?)c.Value),
            },
            Violation = violation,
            Subject = subject,
            SubjectAlias = syntax.Subject.Alias.Value,
            Message = message,
            PassMessage = passMessage,
            IsOrganizationRule = subjectType.IsOrganizationWide,
            DependsOnAbsence = definitions.DependsOnAbsence,
            AbsenceFactTypes = definitions.AbsenceFactTypes.ToHashSet(StringComparer.Ordinal),
            Evidence = evidenceNote is null ? null : definitions.Evidence,
            EvidenceNote = evidenceNote,
            NotApplicable = notApplicableMessage is null ? null : definitions.NotApplicable,
            NotApplicableMessage = notApplicableMessage,
            Plan = definitions.Plan!,
            PassIsConclusive = syntax.When.All(e => e is GroupSyntax { Kind: GroupKind.Not } or CollectSyntax { Having.Count: 0 }),
        };
    }

    private static RuleDescriptor? Describe(RuleSyntax syntax, string? root, FrameworkSet frameworks, DiagnosticBag diagnostics)
    {
        var ok = true;
        if (!RuleIds.IsValid(syntax.Id.Value))
        {
            diagnostics.Add(DiagnosticDescriptors.InvalidValue.Create(syntax.Id.Location, syntax.Id.Value, "rule ID",
                "a rule ID is 2 to 5 capital letters and 3 or 4 digits, such as MA0101."));
            ok = false;
        }
        else if (!Path.GetFileName(syntax.Path).StartsWith(syntax.Id.Value, StringComparison.Ordinal))
        {
            diagnostics.Add(DiagnosticDescriptors.FileNameMismatch.Create(syntax.Id.Location, syntax.Id.Value));
        }
        if (!SeverityNames.TryParse(syntax.Severity.Value, out var severity))
        {
            diagnostics.Add(DiagnosticDescriptors.InvalidValue.CreateWithSuggestion(syntax.Severity.Location,
                Suggestions.DidYouMean(syntax.Severity.Value, SeverityNames.All),
                syntax.Severity.Value, "severity", $"use one of {string.Join(", ", SeverityNames.All)}."));
            ok = false;
        }
        var recommendation = frameworks.Catalog.FindRecommendation(syntax.Recommendation.Value);
        if (recommendation is null)
        {
            var sources = frameworks.Catalog.RecommendationSources;
            diagnostics.Add(DiagnosticDescriptors.InvalidValue.CreateWithSuggestion(syntax.Recommendation.Location,
                Suggestions.DidYouMean(syntax.Recommendation.Value, sources.SelectMany(f => f.Requirements).Select(r => r.Id)),
                syntax.Recommendation.Value, "recommendation",
                sources.Count == 0
                    ? "no loaded framework says 'recommendations: true', so no recommendation can be named."
                    : $"use the anchor of a section of the page ({string.Join(" or ", sources.Select(f => f.Key))})."));
            ok = false;
        }
        var mappings = MappingBinder.Bind(syntax.Mappings, frameworks, diagnostics, out var mappingsOk);
        if (!ok || !mappingsOk) return null;
        // The recommendation is itself a mapping, so a framework view of the recommendations needs no second list.
        var (page, anchor) = recommendation!.Value;
        mappings.RemoveAll(m => m.Framework == page.Id && m.Version == page.Version && m.RequirementId == anchor.Id);
        mappings.Insert(0, new RequirementMapping(page.Id, page.Version, anchor.Id, anchor.Title, anchor.Url));
        return new RuleDescriptor
        {
            Id = syntax.Id.Value,
            Title = syntax.Title.Trim(),
            DefaultSeverity = severity,
            Category = syntax.Category,
            Recommendation = syntax.Recommendation.Value,
            Rationale = syntax.Rationale.Trim(),
            Remediation = syntax.Remediation.Trim(),
            References = syntax.References,
            Tags = syntax.Tags,
            Mappings = mappings,
            RelatedRequirements = MappingBinder.RelatedRequirements(mappings, frameworks.Catalog),
            SubjectType = syntax.Subject.FactType.Value,
            SourcePath = root is null ? syntax.Path : Path.GetRelativePath(root, Path.GetFullPath(syntax.Path)).Replace('\\', '/'),
        };
    }

    /// <summary>
    /// The names an expression sees besides aliases: the parameters (defaults, then the overrides that fit their
    /// default's kind; see <see cref="ParameterKinds"/>) and the evaluation date.
    /// </summary>
    private static Dictionary<string, object> Constants(RuleSyntax syntax, CompileOptions options, DiagnosticBag diagnostics)
    {
        var constants = new Dictionary<string, object>(StringComparer.Ordinal);
        foreach (var parameter in syntax.Parameters)
        {
            if (parameter.Name is "now" or "today")
                diagnostics.Add(DiagnosticDescriptors.InvalidValue.Create(parameter.Location, parameter.Name, "parameter name", "'now' and 'today' are the evaluation date."));
            else
                constants[parameter.Name] = parameter.Value;
        }
        if (options.ParameterOverrides.TryGetValue(syntax.Id.Value, out var overrides))
            foreach (var (name, value) in overrides)
                if (constants.TryGetValue(name, out var defaultValue) && ParameterKinds.Fits(defaultValue, value)) constants[name] = value;
        constants["now"] = options.Now;
        constants["today"] = DateOnly.FromDateTime(options.Now.UtcDateTime);
        return constants;
    }

    /// <summary>A file's path as diagnostics show it: relative to the working folder when inside it.</summary>
    public static string DisplayPath(string file)
    {
        var relative = Path.GetRelativePath(Directory.GetCurrentDirectory(), file);
        return (relative.StartsWith("..", StringComparison.Ordinal) ? file : relative).Replace('\\', '/');
    }
}
