using System.Text;
using System.Xml.Linq;
using PolicyEngine.Aws.Http;
using PolicyEngine.Aws.Protocols;

namespace PolicyEngine.Aws.Clients.Iam;

/// <summary>IAM over the query protocol (Version 2010-05-08); replaceable by AWSSDK.IdentityManagement behind <see cref="IIamClient"/>.</summary>
public sealed class IamClient(AwsHttpClient http, TimeProvider? time = null) : IIamClient
{
    public static readonly AwsOperation GetAccountSummary = new(AwsServices.Iam, "GetAccountSummary");
    public static readonly AwsOperation GenerateCredentialReport = new(AwsServices.Iam, "GenerateCredentialReport");
    public static readonly AwsOperation GetCredentialReport = new(AwsServices.Iam, "GetCredentialReport");
    public static readonly AwsOperation ListVirtualMfaDevices = new(AwsServices.Iam, "ListVirtualMFADevices");
    public static readonly AwsOperation ListUsers = new(AwsServices.Iam, "ListUsers");
    public static readonly AwsOperation ListOrganizationsFeatures = new(AwsServices.Iam, "ListOrganizationsFeatures");
    public static readonly AwsOperation GetAccountAuthorizationDetails = new(AwsServices.Iam, "GetAccountAuthorizationDetails");

    /// <summary>How long to wait for a report IAM is still generating before giving up.</summary>
    public TimeSpan ReportWaitLimit { get; init; } = TimeSpan.FromMinutes(2);

    private readonly QueryProtocol _query = new(http);
    private readonly TimeProvider _time = time ?? TimeProvider.System;

    public async Task<IReadOnlyDictionary<string, int>> GetAccountSummaryAsync(CancellationToken ct)
    {
        var result = await _query.CallAsync(GetAccountSummary, null, ct).ConfigureAwait(false);
        return result.Map("SummaryMap").ToDictionary(kv => kv.Key, kv => int.TryParse(kv.Value, out var n) ? n : 0, StringComparer.Ordinal);
    }

    /// <summary>Generate until COMPLETE (IAM regenerates at most every 4 hours, so this is usually immediate), then Get.</summary>
    public async Task<CredentialReport> GetCredentialReportAsync(CancellationToken ct)
    {
        var started = _time.GetTimestamp();
        var pause = TimeSpan.FromSeconds(1);
        while (true)
        {
            var state = (await _query.CallAsync(GenerateCredentialReport, null, ct).ConfigureAwait(false)).ChildText("State");
            if (state == "COMPLETE")
            {
                try
                {
                    var result = await _query.CallAsync(GetCredentialReport, null, ct).ConfigureAwait(false);
                    return CredentialReport.Parse(Encoding.UTF8.GetString(Convert.FromBase64String(result.ChildText("Content") ?? "")));
                }
                catch (FormatException e)
                {
                    throw new AwsServiceException(GetCredentialReport, AwsErrorCodes.Unparseable, $"the credential report cannot be read: {e.Message}", inner: e);
                }
                catch (AwsServiceException e) when (e.ErrorCode is "ReportInProgress" or "ReportNotPresent" or "ReportExpired")
                {
                    // generated between our two calls, or expired meanwhile: generate again
                }
            }
            if (_time.GetElapsedTime(started) > ReportWaitLimit)
                throw new AwsServiceException(GetCredentialReport, "ReportInProgress", $"the credential report was not ready within {ReportWaitLimit.TotalSeconds:0} s");
            await Task.Delay(pause, _time, ct).ConfigureAwait(false);
            pause = TimeSpan.FromSeconds(Math.Min(pause.TotalSeconds * 2, 10));
        }
    }

    public Task<IReadOnlyList<VirtualMfaDeviceInfo>> ListVirtualMfaDevicesAsync(CancellationToken ct) =>
        ListAsync(ListVirtualMfaDevices, [KeyValuePair.Create("AssignmentStatus", "Any")], "VirtualMFADevices", m => new VirtualMfaDeviceInfo(
            m.ChildText("SerialNumber") ?? "", m.Child("User").ChildText("Arn"), m.ChildDate("EnableDate")), ct);

    public Task<IReadOnlyList<IamUserInfo>> ListUsersAsync(CancellationToken ct) =>
        ListAsync(ListUsers, [], "Users", u => new IamUserInfo(
            u.ChildText("UserName") ?? "", u.ChildText("Arn") ?? "", u.ChildDate("CreateDate") ?? DateTimeOffset.MinValue, u.ChildDate("PasswordLastUsed")), ct);

    public async Task<OrganizationsFeaturesInfo> ListOrganizationsFeaturesAsync(CancellationToken ct)
    {
        var result = await _query.CallAsync(ListOrganizationsFeatures, null, ct).ConfigureAwait(false);
        return new OrganizationsFeaturesInfo(result.ChildText("OrganizationId"),
            result.Members("EnabledFeatures").Select(m => m.Value).ToList());
    }

    /// <summary>One listing in four parts; a page may carry some of each, so every part is gathered from every page.</summary>
    public async Task<AuthorizationDetails> GetAccountAuthorizationDetailsAsync(CancellationToken ct)
    {
        var parts = await ListAsync(GetAccountAuthorizationDetails, [], null, page => page, ct).ConfigureAwait(false);
        var documents = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var policy in parts.SelectMany(page => page.Members("Policies")))
        {
            var current = policy.Members("PolicyVersionList").FirstOrDefault(v => v.ChildBool("IsDefaultVersion"));
            if (policy.ChildText("Arn") is { } arn && current.ChildText("Document") is { } document)
                documents[arn] = DecodeDocument(document);
        }
        return new AuthorizationDetails(
            [.. parts.SelectMany(page => page.Members("UserDetailList")).Select(u => Entity(u, "UserName", "UserPolicyList"))],
            [.. parts.SelectMany(page => page.Members("GroupDetailList")).Select(g => Entity(g, "GroupName", "GroupPolicyList"))],
            [.. parts.SelectMany(page => page.Members("RoleDetailList")).Select(r => Entity(r, "RoleName", "RolePolicyList"))],
            documents);
    }

    private static IamEntityDetail Entity(XElement e, string nameElement, string inlineList) => new(
        e.ChildText(nameElement) ?? "",
        e.ChildText("Arn") ?? "",
        e.ChildText("Path") ?? "/",
        [.. e.Members("AttachedManagedPolicies").Select(p => p.ChildText("PolicyArn")).OfType<string>()],
        [.. e.Members(inlineList).Select(p => p.ChildText("PolicyDocument")).OfType<string>().Select(DecodeDocument)],
        [.. e.Members("GroupList").Select(g => g.Value)],
        e.ChildText("AssumeRolePolicyDocument") is { } trust ? DecodeDocument(trust) : null);

    /// <summary>IAM returns policy documents URL-encoded (RFC 3986) inside the XML.</summary>
    private static string DecodeDocument(string document) => Uri.UnescapeDataString(document);

    /// <summary>IAM pages with Marker/MaxItems and says IsTruncated; it may return fewer than MaxItems mid-listing.</summary>
    /// <param name="listName">The list each page's items are read from; null hands <paramref name="map"/> the whole page.</param>
    private Task<IReadOnlyList<T>> ListAsync<T>(AwsOperation operation, KeyValuePair<string, string>[] parameters, string? listName,
        Func<XElement, T> map, CancellationToken ct) =>
        Pagination.AllAsync(operation, async marker =>
        {
            var page = parameters.Append(KeyValuePair.Create("MaxItems", "1000")).ToList();
            if (marker is not null) page.Add(KeyValuePair.Create("Marker", marker));
            var result = await _query.CallAsync(operation, page, ct).ConfigureAwait(false);
            var next = result.ChildBool("IsTruncated") ? result.ChildText("Marker") : null;
            return new Page<T>(listName is null ? [map(result)] : result.Members(listName).Select(map).ToList(), next);
        }, ct);
}
