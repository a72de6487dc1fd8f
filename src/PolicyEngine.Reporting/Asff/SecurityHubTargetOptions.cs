namespace PolicyEngine.Reporting.Asff;

/// <summary>Reads the Security Hub account and region from a reporter's options, the way the asff reporter and the CLI both need.</summary>
public static class SecurityHubTargetOptions
{
    /// <summary>
    /// accountId: the option, else the only account the results are about. region: the option, else AWS_REGION,
    /// else AWS_DEFAULT_REGION, else us-east-1.
    /// </summary>
    public static SecurityHubTarget From(ReporterOptions options, IEnumerable<string> resultAccounts)
    {
        var accounts = resultAccounts.Distinct(StringComparer.Ordinal).Take(2).ToList();
        var account = options.Get("accountId") ?? (accounts.Count == 1 ? accounts[0] : null)
            ?? throw new ReporterException("asff: set option accountId (the account that imports the findings): the results are about several accounts");
        var region = options.Get("region") ?? Environment.GetEnvironmentVariable("AWS_REGION")
            ?? Environment.GetEnvironmentVariable("AWS_DEFAULT_REGION") ?? "us-east-1";
        try
        {
            return new SecurityHubTarget(account, region);
        }
        catch (ArgumentException e)
        {
            throw new ReporterException($"asff: {e.Message}", e);
        }
    }
}
