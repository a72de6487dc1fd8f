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
            if (ParseUrl(variable($"AWS_ENDPOINT_URL_{service.Id}")) is { } url)
                perService[service.Id] = url;
        return new AwsEndpoints(ParseUrl(variable("AWS_ENDPOINT_URL")), perService);
    }

    /// <summary>The override for a service, if any.</summary>
    public Uri? OverrideFor(AwsService service) => PerService.GetValueOrDefault(service.Id) ?? Default;

    public Uri Resolve(AwsService service, string region) =>
        OverrideFor(service) ?? new Uri($"https://{service.DefaultHost(region)}");

    private static Uri? ParseUrl(string? value)
    {
        if (string.IsNullOrWhiteSpace(value)) return null;
        return Uri.TryCreate(value.Trim(), UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"
            ? uri
            : throw new ArgumentException($"Endpoint URL '{value}' is not an absolute http(s) URL.");
    }
}
