namespace PolicyEngine.Core.Facts;

/// <summary>
/// A fact about the organization. Every fact names the account it belongs to so that working memory can be
/// partitioned per account; organization-wide facts (see <see cref="IOrganizationFact"/>) are shared by every partition.
/// </summary>
public interface IFact
{
    /// <summary>The account the fact describes, or the management account for organization-wide facts.</summary>
    string AccountId { get; }

    /// <summary>A stable identifier of the resource the fact describes (an ARN where AWS has one).</summary>
    string ResourceId { get; }
}

/// <summary>Marks facts that describe the organization as a whole; they are visible to every account's evaluation.</summary>
public interface IOrganizationFact : IFact;
