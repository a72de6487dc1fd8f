using System.Text;
using System.Text.RegularExpressions;

namespace PolicyEngine.Aws.Tests.Support;

/// <summary>
/// Answers for what moto 5.2.1 lacks: the credential report's &lt;root_account&gt; row, IAM ListOrganizationsFeatures
/// (moto answers 500), Account GetContactInformation (moto answers 404), and the inventory's calls (<see cref="InventoryStub"/>).
/// Shapes follow the botocore models.
/// </summary>
public static partial class MotoGaps
{
    public const string RootRow =
        "<root_account>,arn:aws:iam::123456789012:root,2015-06-24T12:45:00+00:00,not_supported,2016-10-07T14:30:00+00:00,not_supported,not_supported,true,false,N/A,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A";

    private const string IamNs = "https://iam.amazonaws.com/doc/2010-05-08/";

    /// <param name="inventory">Answers Account ListRegions, Cloud Control and Cost Explorer (moto has none of them); an empty account by default.</param>
    public static AwsStubProxy WithMotoGaps(this AwsStubProxy proxy, string rootRow = RootRow, InventoryStub? inventory = null) => (inventory ?? new InventoryStub()).Install(proxy)
        .Intercept(async (request, forward) => request.Action == "iam:GetCredentialReport" ? AddRootRow(await forward(), rootRow) : null)
        .Answer("iam:ListOrganizationsFeatures", _ => ProxyResponse.Text(200, "text/xml",
            $"<ListOrganizationsFeaturesResponse xmlns=\"{IamNs}\"><ListOrganizationsFeaturesResult><OrganizationId>o-moto</OrganizationId>" +
            "<EnabledFeatures><member>RootCredentialsManagement</member><member>RootSessions</member></EnabledFeatures>" +
            "</ListOrganizationsFeaturesResult><ResponseMetadata><RequestId>stub</RequestId></ResponseMetadata></ListOrganizationsFeaturesResponse>"))
        .Answer("account:GetContactInformation", _ => ProxyResponse.Text(200, "application/json",
            """{"ContactInformation":{"FullName":"Jane Doe","AddressLine1":"1 Main St","City":"Seattle","PostalCode":"98101","CountryCode":"US","PhoneNumber":"+12065550100","CompanyName":"Example Corp"}}"""));

    /// <summary>Puts the root row first, as IAM does, into moto's base64 CSV.</summary>
    private static ProxyResponse AddRootRow(ProxyResponse response, string rootRow)
    {
        if (response.Status != 200) return response;
        var xml = Encoding.UTF8.GetString(response.Body);
        var content = ContentElement().Match(xml);
        var lines = Encoding.UTF8.GetString(Convert.FromBase64String(content.Groups[1].Value)).Split('\n').ToList();
        lines.Insert(1, rootRow);
        var patched = Convert.ToBase64String(Encoding.UTF8.GetBytes(string.Join('\n', lines)));
        return response with { Body = Encoding.UTF8.GetBytes(xml.Replace(content.Groups[1].Value, patched, StringComparison.Ordinal)) };
    }

    [GeneratedRegex("<Content>([^<]*)</Content>")]
    private static partial Regex ContentElement();
}
