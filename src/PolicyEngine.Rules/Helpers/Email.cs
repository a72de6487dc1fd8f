namespace PolicyEngine.Rules.Helpers;

/// <summary>E-mail address helpers for rule expressions.</summary>
public static class Email
{
    /// <summary>The lower-cased domain of an address, or an empty string when there is none.</summary>
    public static string Domain(string? address)
    {
        if (string.IsNullOrWhiteSpace(address)) return "";
        var at = address.LastIndexOf('@');
        return at < 0 ? "" : address[(at + 1)..].Trim().TrimEnd('.').ToLowerInvariant();
    }

    /// <summary>True when the address's domain is one of the domains, or a subdomain of one.</summary>
    public static bool DomainIn(string? address, IEnumerable<string> domains)
    {
        var domain = Domain(address);
        return domain.Length > 0 && domains.Any(d =>
        {
            var candidate = d.Trim().TrimStart('@').ToLowerInvariant();
            return domain == candidate || domain.EndsWith("." + candidate, StringComparison.Ordinal);
        });
    }
}
