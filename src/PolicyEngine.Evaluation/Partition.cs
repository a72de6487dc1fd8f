using PolicyEngine.Core.Facts;

namespace PolicyEngine.Evaluation;

/// <summary>
/// The working memory of one NRules session: one account's facts plus the organization-wide facts, or, for the
/// organization partition, the organization-wide facts plus the management account's. Partitioning keeps joins
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
        var partitions = new List<Partition>();
        foreach (var (accountId, accountFacts) in byAccount.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            partitions.Add(new Partition(accountId, false, [.. accountFacts.Distinct(), .. shared], [.. organizationErrors, .. errorsByAccount[accountId]]));
        }
        // Accounts that failed to be collected entirely still need a partition so that their errors are reported.
        foreach (var accountId in errorsByAccount.Select(g => g.Key).Where(id => !byAccount.ContainsKey(id)).Order(StringComparer.Ordinal))
            partitions.Add(new Partition(accountId, false, shared, [.. organizationErrors, .. errorsByAccount[accountId]]));

        var managementFacts = management is not null && byAccount.TryGetValue(management, out var mf) ? mf : [];
        partitions.Add(new Partition(management ?? "", true, [.. shared, .. managementFacts.Distinct()],
            management is null ? organizationErrors : [.. organizationErrors, .. errorsByAccount[management]]));
        return partitions;
    }
}
