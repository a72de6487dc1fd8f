namespace PolicyEngine.Rules.Helpers;

/// <summary>
/// The helper classes rule expressions may call, registered once: the names the binder resolves, the sandbox's
/// allow-list and the list the compiler's "not allowed" diagnostic offers all come from here. A new helper is a public
/// static class in this folder and one entry below; a test fails for a helper class that is not registered.
/// </summary>
public static class RuleHelpers
{
    public static readonly IReadOnlyList<Type> All =
    [
        typeof(Dates), typeof(Email), typeof(Lists), typeof(Text), typeof(EventPatterns), typeof(LogFilters),
        typeof(RootAlerts), typeof(Plumbing), typeof(Scp), typeof(Access), typeof(Delegation),
    ];

    /// <summary>The helpers' names, as rule files write them, in registration order.</summary>
    public static string Names => string.Join(", ", All.Select(t => t.Name));
}
