namespace PolicyEngine.Aws.Http;

/// <summary>
/// Endpoint overrides, the SDKs' way: AWS_ENDPOINT_URL_&lt;SERVICE_ID&gt; beats AWS_ENDPOINT_URL, which beats the
/// service's default host. With an override, regional services are still signed for the call's region.
/// </summary>
public sealed record AwsEndpoints(Uri? Default, IReadOnlyDictionary<string, Uri> PerService)
{
    public static readonly AwsEndpoints None = new(null, new Dictionary<string, Uri>());

    public static AwsEndpoints FromEnvironment() => FromVariables(Environment.GetEnvironmentVariable);

    public static AwsEndpoints FromVariables(Func<string, string?> variable)
    {
        var perService = new Dictionary<string, Uri>(StringComparer.OrdinalIgnoreCase);
        foreach (var service in AwsServices.All)
            if (ParseUrl($"AWS_ENDPOINT_URL_{service.Id}", variable) is { } url)
                perService[service.Id] = url;
        return new AwsEndpoints(ParseUrl("AWS_ENDPOINT_URL", variable), perService);
    }

    /// <summary>The override for a service, if any.</summary>
    public Uri? OverrideFor(AwsService service) => PerService.GetValueOrDefault(service.Id) ?? Default;

    public Uri Resolve(AwsService service, string region) =>
        OverrideFor(service) ?? new Uri($"https://{service.DefaultHost(region)}");

    private static Uri? ParseUrl(string name, Func<string, string?> variable)
    {
        var value = variable(name);
        if (string.IsNullOrWhiteSpace(value)) return null;
        return Uri.TryCreate(value.Trim(), UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" && uri.Host.Length > 0
            && string.IsNullOrEmpty(uri.UserInfo) && string.IsNullOrEmpty(uri.Query) && string.IsNullOrEmpty(uri.Fragment)
            ? uri
            : throw new AwsSettingException(
                $"{name} is set to {(value.Contains('@') ? "a URL with credentials in it" : $"'{value}'")}, which is not an absolute http or https URL without credentials, query or fragment; " +
                "set it to one (for example https://iam.example.com or http://127.0.0.1:5000) or unset it.");
    }
}

/// <summary>An AWS setting (environment variable, option or profile value) that cannot be used; the run stops before calling AWS.</summary>
public sealed class AwsSettingException(string message) : Exception(message);
