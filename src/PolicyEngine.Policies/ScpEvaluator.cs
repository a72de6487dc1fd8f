namespace PolicyEngine.Policies;

/// <summary>
/// An SCP attached to one target (root, OU or account). <see cref="Document"/> is null when the policy could not be read.
/// <see cref="AttachmentUnknown"/> marks a policy whose targets could not be listed: it may or may not apply at this level.
/// </summary>
public sealed record AttachedPolicy(string Id, string Name, PolicyDocument? Document, string? UnreadableReason = null, bool AttachmentUnknown = false)
{
    /// <summary>True when the policy allows the action; false when it does not or could not be read.</summary>
    public bool Allows(string action) => Document?.Statements.Any(s => s.Effect == Effect.Allow && s.CoversAction(action)) ?? false;

    public string Label => Name.Length > 0 && Name != Id ? $"{Name} ({Id})" : Id;

    /// <summary>Reads a policy's JSON text; text that is missing or not a policy document makes the policy unreadable.</summary>
    public static AttachedPolicy FromText(string id, string name, string? content, string? unreadableReason = null)
    {
        if (content is null) return new(id, name, null, unreadableReason ?? "its content was not collected");
        var document = PolicyDocument.TryParse(content, out var error);
        return new(id, name, document, document is null ? $"its content is not a policy document: {error}" : null);
    }
}

/// <summary>One level of an account's path (the root, an OU, or the account itself) with the SCPs attached there.</summary>
public sealed record ScpLevel(string TargetId, IReadOnlyList<AttachedPolicy> Policies);

public enum ScpDecision
{
    /// <summary>Every principal of the account is stopped, except any principals named in the verdict's exemptions.</summary>
    Denied,

    /// <summary>The SCPs on the path leave the action open.</summary>
    NotDenied,

    /// <summary>An SCP that could not be read, or whose targets could not be listed, decides the answer.</summary>
    Unknown,
}

/// <summary>What the SCPs on an account's path do to one action, and why.</summary>
public sealed record ScpVerdict(
    ScpDecision Decision,
    string Action,
    IReadOnlyList<string> DeniedBy,
    IReadOnlyList<string> Exempted,
    IReadOnlyList<string> Ignored,
    IReadOnlyList<string> Unreadable)
{
    public bool IsDenied => Decision == ScpDecision.Denied;

    /// <summary>One sentence for a report: the decision, the policies behind it, exemptions, ignored Denies and unreadable policies.</summary>
    public string Explanation
    {
        get
        {
            var text = Decision switch
            {
                ScpDecision.Denied => $"{Action} is denied by {string.Join("; ", DeniedBy)}"
                    + (Exempted.Count > 0 ? $", except for {string.Join(", ", Exempted)}" : ", for every principal"),
                ScpDecision.Unknown => $"whether {Action} is denied is unknown: no readable SCP on the path denies it",
                _ => $"no SCP on the path denies {Action}",
            };
            if (Ignored.Count > 0) text += $"; not counted: {string.Join("; ", Ignored)}";
            if (Unreadable.Count > 0) text += $"; could not read: {string.Join("; ", Unreadable)}";
            return text;
        }
    }
}

/// <summary>
/// Evaluates service control policies the way AWS Organizations applies them to a member account: the policies attached
/// to the root, to each OU on the account's path and to the account itself all apply. An explicit Deny in any of them
/// stops the action; otherwise every level must have an SCP that allows it, and a level without one denies it
/// implicitly. SCPs never restrict the management account, so callers evaluate member accounts only.
/// </summary>
public static class ScpEvaluator
{
    /// <param name="path">The levels from the root down to the account; a root without SCPs means SCPs are not in effect.</param>
    /// <param name="accountId">The member account, for conditions on aws:PrincipalAccount.</param>
    /// <param name="action">The action, as "service:Action".</param>
    public static ScpVerdict Evaluate(IReadOnlyList<ScpLevel> path, string accountId, string action)
    {
        var unknownTargets = path.SelectMany(level => level.Policies).Where(p => p.AttachmentUnknown).DistinctBy(p => p.Id).ToList();
        var unreadable = path.SelectMany(level => level.Policies.Where(p => p.Document is null && !p.AttachmentUnknown)
                .Select(p => $"{p.Label} attached to {level.TargetId} ({p.UnreadableReason})"))
            .Concat(unknownTargets.Select(p => $"{p.Label} (its targets could not be listed, so where it applies is unknown"
                + (p.Document is null ? $"; {p.UnreadableReason})" : ")")))
            .ToList();
        if (path.Count == 0 || path[0].Policies.Count == 0)
            return new(ScpDecision.NotDenied, action, [], [], ["no SCP is attached to the root, so SCPs are not in effect"], unreadable);

        var full = new List<string>();
        var named = new List<(string Source, IReadOnlyList<string> Exempted)>();
        var ignored = new List<string>();
        var mayDenyElsewhere = false;
        foreach (var level in path)
        {
            foreach (var policy in level.Policies)
            {
                if (policy.Document is null) continue;
                foreach (var statement in policy.Document.Statements.Where(s => s.Effect == Effect.Deny))
                {
                    if (!statement.CoversAction(action))
                    {
                        // Worth saying: a NotAction Deny reads as a broad guardrail, yet lets this action through.
                        if (statement.NotAction && !policy.AttachmentUnknown)
                            ignored.Add($"the Deny in {policy.Label} ({statement.Label}) lists it under NotAction");
                        continue;
                    }
                    var source = $"{policy.Label} attached to {level.TargetId}";
                    var reach = StatementReach.Of(statement, accountId);
                    if (policy.AttachmentUnknown)
                    {
                        // Where it applies is unknown: its Deny can keep the answer open, never decide it.
                        mayDenyElsewhere |= reach.Kind is ReachKind.Everyone or ReachKind.AllButNamed;
                        continue;
                    }
                    switch (reach.Kind)
                    {
                        case ReachKind.Everyone: full.Add(source); break;
                        case ReachKind.AllButNamed: named.Add((source, reach.Exempted)); break;
                        case ReachKind.Conditional: ignored.Add($"the Deny in {policy.Label} ({statement.Label}), because {reach.Reason}"); break;
                        case ReachKind.Nobody: ignored.Add($"the Deny in {policy.Label} ({statement.Label}), because {reach.Reason}"); break;
                    }
                }
            }
        }
        if (full.Count > 0)
            return new(ScpDecision.Denied, action, full.Distinct().ToList(), [], ignored, unreadable);

        // The allow side: an action no SCP at some level allows is denied there for everyone.
        var possiblyDenied = false;
        foreach (var level in path)
        {
            var (known, maybe) = (level.Policies.Where(p => !p.AttachmentUnknown).ToList(), level.Policies.Where(p => p.AttachmentUnknown).ToList());
            if (known.Any(p => p.Allows(action))) continue;
            if (known.Count > 0 && known.All(p => p.Document is not null) && maybe.All(p => p.Document is not null && !p.Allows(action)))
                return new(ScpDecision.Denied, action, [$"the absence of any Allow for it in the SCPs attached to {level.TargetId} ({string.Join(", ", known.Select(p => p.Label))})"],
                    [], ignored, unreadable);
            // Unreadable policies here, or policies that may or may not be attached here: an Allow may or may not exist.
            possiblyDenied |= known.Count > 0 || maybe.Any(p => !p.Allows(action));
        }

        if (named.Count > 0)
            return new(ScpDecision.Denied, action, named.Select(n => n.Source).Distinct().ToList(),
                named.SelectMany(n => n.Exempted).Distinct(StringComparer.Ordinal).ToList(), ignored, unreadable);
        // Open only when no policy that could not be read, or might be attached, could still deny it.
        var mayStillDeny = possiblyDenied || mayDenyElsewhere || path.Any(level => level.Policies.Any(p => p.Document is null));
        return new(mayStillDeny ? ScpDecision.Unknown : ScpDecision.NotDenied, action, [], [], ignored, unreadable);
    }
}
