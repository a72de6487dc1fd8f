using System.Text.Json.Nodes;
using PolicyEngine.Aws.Http;
using PolicyEngine.Aws.Protocols;

namespace PolicyEngine.Aws.Clients.Account;

/// <summary>Account Management over REST-JSON; replaceable by AWSSDK.Account behind <see cref="IAccountClient"/>.</summary>
public sealed class AccountClient(AwsHttpClient http) : IAccountClient
{
    public static readonly AwsOperation GetContactInformation = new(AwsServices.Account, "GetContactInformation");
    public static readonly AwsOperation GetAlternateContact = new(AwsServices.Account, "GetAlternateContact");
    public static readonly AwsOperation ListRegions = new(AwsServices.Account, "ListRegions");

    private readonly RestJsonProtocol _rest = new(http);

    public async Task<ContactInformationInfo> GetContactInformationAsync(string? accountId, CancellationToken ct)
    {
        var body = new JsonObject();
        if (accountId is not null) body["AccountId"] = accountId;
        var info = (await _rest.CallAsync(GetContactInformation, HttpMethod.Post, "/getContactInformation", body, ct).ConfigureAwait(false))
            .Obj("ContactInformation");
        return new ContactInformationInfo(info.Str("FullName") ?? "", info.Str("PhoneNumber"), info.Str("CompanyName"), info.Str("CountryCode"));
    }

    public async Task<AlternateContactInfo?> GetAlternateContactAsync(string contactType, string? accountId, CancellationToken ct)
    {
        var body = new JsonObject { ["AlternateContactType"] = contactType };
        if (accountId is not null) body["AccountId"] = accountId;
        try
        {
            var contact = (await _rest.CallAsync(GetAlternateContact, HttpMethod.Post, "/getAlternateContact", body, ct).ConfigureAwait(false))
                .Obj("AlternateContact");
            return new AlternateContactInfo(contact.Str("AlternateContactType") ?? contactType, contact.Str("Name"),
                contact.Str("EmailAddress"), contact.Str("PhoneNumber"));
        }
        catch (AwsServiceException e) when (IsUnsetContact(e))
        {
            return null;
        }
    }

    public async Task<IReadOnlyList<string>> ListEnabledRegionsAsync(CancellationToken ct)
    {
        var regions = await Pagination.AllAsync(ListRegions, async token =>
        {
            var body = new JsonObject { ["MaxResults"] = 50, ["RegionOptStatusContains"] = new JsonArray("ENABLED", "ENABLED_BY_DEFAULT") };
            if (token is not null) body["NextToken"] = token;
            var result = await _rest.CallAsync(ListRegions, HttpMethod.Post, "/listRegions", body, ct).ConfigureAwait(false);
            return new Page<string>(result.Array("Regions")
                .Where(r => r.Str("RegionOptStatus") is "ENABLED" or "ENABLED_BY_DEFAULT")
                .Select(r => r.Str("RegionName")).OfType<string>().ToList(), result.Str("NextToken"));
        }, ct).ConfigureAwait(false);
        return [.. regions.Distinct().Order(StringComparer.Ordinal)];
    }

    /// <summary>"No contact of the inputted alternate contact type found." — a 404 that means "not set", unlike an unknown account.</summary>
    private static bool IsUnsetContact(AwsServiceException e) =>
        e.ErrorCode == "ResourceNotFoundException" && e.ErrorMessage.Contains("contact", StringComparison.OrdinalIgnoreCase);
}
