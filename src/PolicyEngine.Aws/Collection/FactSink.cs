using PolicyEngine.Aws.Http;
using PolicyEngine.Core.Facts;
using PolicyEngine.Core.Security;

namespace PolicyEngine.Aws.Collection;

/// <summary>
/// Collects facts and collection errors from concurrent collectors, then builds a <see cref="FactSet"/> in a stable order
/// (sorted by resource id) so that two runs over the same organization give the same snapshot.
/// </summary>
internal sealed class FactSink
{
    private readonly Lock _lock = new();
    private readonly List<IFact> _facts = [];
    private readonly List<CollectionError> _errors = [];

    public Organization? Organization { get; set; }
    public OrganizationFeatures? OrganizationFeatures { get; set; }

    public int ErrorCount
    {
        get { lock (_lock) return _errors.Count; }
    }

    public void Add(IFact fact)
    {
        lock (_lock) _facts.Add(fact);
    }

    public void AddRange(IEnumerable<IFact> facts)
    {
        lock (_lock) _facts.AddRange(facts);
    }

    /// <summary>Every collection error is recorded here, redacted: an endpoint that echoes the request must not put credentials in a snapshot.</summary>
    public void Error(CollectionError error)
    {
        error = error with { Message = SecretRedactor.Redact(error.Message) };
        lock (_lock) _errors.Add(error);
    }

    /// <summary>A failed call becomes an error for the fact type it was meant to fill; the region is named only for regional services.</summary>
    public void Error(string factType, string? accountId, AwsServiceException e, string? resource = null) =>
        Error(new CollectionError(factType, accountId, e.Operation.IamAction, e.ErrorCode, e.ErrorMessage,
            e.Operation.Service.IsGlobal ? null : e.Region, resource));

    /// <summary>Every fact in its registered family (FactCatalog), ordered by account then resource within each.</summary>
    public FactSet Build()
    {
        lock (_lock)
        {
            IFact?[] singles = [Organization, OrganizationFeatures];
            return FactSet.From(
                [.. singles.OfType<IFact>(), .. _facts.OrderBy(f => f.AccountId, StringComparer.Ordinal).ThenBy(f => f.ResourceId, StringComparer.Ordinal)],
                [.. _errors
                    .OrderBy(e => e.FactType, StringComparer.Ordinal)
                    .ThenBy(e => e.AccountId, StringComparer.Ordinal)
                    .ThenBy(e => e.Region, StringComparer.Ordinal)
                    .ThenBy(e => e.Api, StringComparer.Ordinal)]);
        }
    }
}
