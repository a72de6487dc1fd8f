using NRules.RuleModel;

namespace PolicyEngine.Rules;

/// <summary>The part a compiled NRules definition plays for its rule; see <see cref="CompiledRule"/>.</summary>
public enum RuleRole
{
    /// <summary>Matches the subjects that fail.</summary>
    Violation,

    /// <summary>Matches every subject the rule judges.</summary>
    Subject,

    /// <summary>Matches what the rule's evidence note reports.</summary>
    Evidence,

    /// <summary>Matches the subjects the rule declares out of its scope.</summary>
    NotApplicable,
}

/// <summary>
/// What each definition carries as NRules rule properties (RuleBuilder.Property): the rule ID and the
/// role. The evaluator reads these, never the definition's name, which is for people only.
/// </summary>
public static class RuleIdentity
{
    public const string RuleIdProperty = "PolicyEngine.RuleId";
    public const string RoleProperty = "PolicyEngine.Role";

    public static void Set(NRules.RuleModel.Builders.RuleBuilder builder, string ruleId, RuleRole role)
    {
        builder.Property(RuleIdProperty, ruleId);
        builder.Property(RoleProperty, role);
    }

    /// <summary>The rule and role of a definition the compiler built (or that a tool tagged the same way).</summary>
    /// <exception cref="InvalidOperationException">The definition does not carry them.</exception>
    public static (string RuleId, RuleRole Role) Of(IRuleDefinition definition) =>
        definition.Properties.TryGetProperty(RuleIdProperty, out var id) && id.Value is string ruleId
        && definition.Properties.TryGetProperty(RoleProperty, out var role) && role.Value is RuleRole value
            ? (ruleId, value)
            : throw new InvalidOperationException($"The rule definition '{definition.Name}' has no {RuleIdProperty} and {RoleProperty} properties.");
}
