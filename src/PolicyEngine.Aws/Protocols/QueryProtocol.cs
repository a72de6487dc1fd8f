using System.Text;
using System.Xml;
using System.Xml.Linq;
using PolicyEngine.Aws.Http;

namespace PolicyEngine.Aws.Protocols;

/// <summary>
/// AWS query: POST / with a form body Action=…&amp;Version=…; the answer is XML
/// &lt;{Op}Response&gt;&lt;{Op}Result&gt;…&lt;/{Op}Result&gt;&lt;/{Op}Response&gt;. Returns the Result element.
/// </summary>
public sealed class QueryProtocol(AwsHttpClient http)
{
    public const string ContentType = "application/x-www-form-urlencoded; charset=utf-8";

    public async Task<XElement> CallAsync(AwsOperation operation, IEnumerable<KeyValuePair<string, string>>? parameters, CancellationToken ct, string? region = null)
    {
        var body = Encoding.UTF8.GetBytes(FormBody(operation, parameters ?? []));
        var response = await http.SendAsync(new AwsHttpRequest(operation, HttpMethod.Post, "/", body, ContentType, Region: region), ct).ConfigureAwait(false);
        return ParseResult(operation, response);
    }

    public static string FormBody(AwsOperation operation, IEnumerable<KeyValuePair<string, string>> parameters)
    {
        var all = new[] { KeyValuePair.Create("Action", operation.Name), KeyValuePair.Create("Version", operation.Service.ApiVersion ?? "") }
            .Concat(parameters);
        return string.Join('&', all.Select(p => $"{Uri.EscapeDataString(p.Key)}={Uri.EscapeDataString(p.Value)}"));
    }

    public static XElement ParseResult(AwsOperation operation, AwsHttpResponse response)
    {
        try
        {
            var root = XDocument.Parse(Encoding.UTF8.GetString(response.Body)).Root
                ?? throw new XmlException("no root element");
            // Well-formed XML of another kind (an XHTML page, another operation's answer) would read as "nothing there".
            if (root.Name.LocalName != $"{operation.Name}Response")
                throw new XmlException($"<{root.Name.LocalName}> where <{operation.Name}Response> was expected");
            return root.Child($"{operation.Name}Result") ?? root;
        }
        catch (XmlException e)
        {
            throw new AwsServiceException(operation, AwsErrorCodes.Unparseable,
                $"the answer from {response.Endpoint} is not what {operation.Name} returns: {e.Message}", response.StatusCode, inner: e);
        }
    }
}
