using PolicyEngine.Core.Facts;

namespace PolicyEngine.Evaluation;

/// <summary>
/// What one account's rules see: its facts plus the organization-wide facts, or, for the organization partition, the
/// organization-wide facts plus the management account's (a session runs one partition, or several member accounts'
/// when their rules are account-local: <see cref="AccountLocality"/>). Partitioning keeps joins
/// within an account, so evaluation time grows linearly with the number of accounts. Facts are de-duplicated:
/// NRules refuses a fact equal to one already inserted, and does not catch duplicates inside one batch.
/// </summary>
public sealed record Partition(string AccountId, bool IsOrganization, IReadOnlyList<object> Facts, IReadOnlyList<CollectionError> Errors)
{
    public static IReadOnlyList<Partition> Split(FactSet facts)
    {
        var organizationFacts = new List<object>();
        var byAccount = new Dictionary<string, List<object>>(StringComparer.Ordinal);
        foreach (var fact in facts.All())
        {
            if (fact is IOrganizationFact) organizationFacts.Add(fact);
            else (byAccount.TryGetValue(fact.AccountId, out var list) ? list : byAccount[fact.AccountId] = []).Add(fact);
        }
        var organizationErrors = facts.CollectionErrors.Where(e => e.IsOrganizationWide).ToList();
        var errorsByAccount = facts.CollectionErrors.Where(e => !e.IsOrganizationWide).ToLookup(e => e.AccountId!, StringComparer.Ordinal);
        var management = facts.ManagementAccountId;

        // De-duplicated once: hashing every organization-wide record again for each account was a tenth of the run.
        // An account fact never equals an organization-wide one (records of different types are never equal).
        var shared = organizationFacts.Distinct().ToList();
        var (alertFacts, alertErrors) = LogGroupAccountsMonitoring(facts, management, byAccount, errorsByAccount);
        var accounts = byAccount.ToArray();
        Array.Sort(accounts, static (a, b) => string.CompareOrdinal(a.Key, b.Key));
        // Built on every core: evaluation waits for the split, and ten thousand accounts' lists are a tenth of a second on one.
        var built = new Partition[accounts.Length];
        Parallel.For(0, accounts.Length, i =>
        {
            var (accountId, accountFacts) = accounts[i];
            var isManagement = accountId == management;
            built[i] = new Partition(accountId, false, Concat(Distinct(accountFacts), shared, isManagement ? alertFacts : []),
                [.. organizationErrors, .. errorsByAccount[accountId], .. isManagement ? alertErrors : []]);
        });
        var partitions = new List<Partition>(built.Length + 1);
        partitions.AddRange(built);
        // Accounts that failed to be collected entirely still need a partition so that their errors are reported.
        foreach (var accountId in errorsByAccount.Select(g => g.Key).Where(id => !byAccount.ContainsKey(id)).Order(StringComparer.Ordinal))
            partitions.Add(new Partition(accountId, false, shared, [.. organizationErrors, .. errorsByAccount[accountId]]));

        var managementFacts = management is not null && byAccount.TryGetValue(management, out var mf) ? mf : [];
        partitions.Add(new Partition(management ?? "", true, Concat(shared, Distinct(managementFacts), []),
            management is null ? organizationErrors : [.. organizationErrors, .. errorsByAccount[management]]));
        return partitions;
    }

    /// <summary>The three lists in one, sized once: growing ten thousand partitions' lists item by item was most of the split.</summary>
    private static List<object> Concat(List<object> first, List<object> second, List<object> third)
    {
        var all = new List<object>(first.Count + second.Count + third.Count);
        all.AddRange(first);
        all.AddRange(second);
        all.AddRange(third);
        return all;
    }

    /// <summary>
    /// The facts without value-equal repeats, in order. An account has a few facts: comparing them pairwise costs less
    /// than hashing every field of each, and only facts of one type can be equal records.
    /// </summary>
    private static List<object> Distinct(List<object> facts)
    {
        if (facts.Count > 16) return facts.Distinct().ToList();
        var kept = new List<object>(facts.Count);
        foreach (var fact in facts)
        {
            var repeated = false;
            var type = fact.GetType();
            foreach (var k in kept)
                if (k.GetType() == type && k.Equals(fact)) { repeated = true; break; }
            if (!repeated) kept.Add(fact);
        }
        return kept;
    }

    /// <summary>
    /// The management account's trails may deliver to a CloudWatch Logs group in another account (a log-archive
    /// account), where the metric filters and alarms on root activity then live. Those filters and alarms (and the
    /// errors reading them) join the management account's partition, so that its alert rules judge every path; they
    /// stay in their own account's partition too, where no management-account rule reads them.
    /// </summary>
    private static (List<object> Facts, List<CollectionError> Errors) LogGroupAccountsMonitoring(FactSet facts, string? management,
        Dictionary<string, List<object>> byAccount, ILookup<string, CollectionError> errorsByAccount)
    {
        if (management is null) return ([], []);
        var accounts = facts.CloudTrailTrails
            .Where(t => t.AccountId == management && t.CloudWatchLogsLogGroupArn is not null)
            .Select(t => t.CloudWatchLogsLogGroupArn!.Split(':') is { Length: > 4 } parts ? parts[4] : null)
            .OfType<string>()
            .Where(id => id != management)
            .Distinct()
            .ToList();
        var found = accounts.SelectMany(id => byAccount.GetValueOrDefault(id) ?? []).Where(f => f is MetricFilter or MetricAlarm).Distinct().ToList();
        var errors = accounts.SelectMany(id => errorsByAccount[id]).Where(e => e.FactType is nameof(MetricFilter) or nameof(MetricAlarm)).ToList();
        return (found, errors);
    }
}
