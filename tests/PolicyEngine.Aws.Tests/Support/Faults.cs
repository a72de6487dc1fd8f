namespace PolicyEngine.Aws.Tests.Support;

/// <summary>Fault interceptors: each answers as the real service does when it throttles, fails or denies.</summary>
public static class Faults
{
    /// <summary>The throttling answer of each hand-written service, in its own protocol.</summary>
    public static ProxyResponse Throttle(ProxyRequest request) => request.Service switch
    {
        "iam" or "monitoring" => QueryError(400, "Throttling", "Rate exceeded"),
        "organizations" => JsonError(400, "TooManyRequestsException", "AWS Organizations can't complete your request because of too many requests."),
        "account" => RestJsonError(429, "TooManyRequestsException", "Rate exceeded"),
        _ => JsonError(400, "ThrottlingException", "Rate exceeded"),
    };

    public static ProxyResponse AccessDenied(ProxyRequest request) => request.Service switch
    {
        "iam" or "monitoring" => QueryError(403, "AccessDenied", $"User: arn:aws:iam::123456789012:user/auditor is not authorized to perform: {request.Action}"),
        "account" => RestJsonError(403, "AccessDeniedException", $"not authorized to perform: {request.Action}"),
        _ => JsonError(400, "AccessDeniedException", $"not authorized to perform: {request.Action}"),
    };

    public static ProxyResponse ServiceUnavailable(ProxyRequest request) => ProxyResponse.Text(503, "text/plain", "Service Unavailable");

    public static ProxyResponse QueryError(int status, string code, string message) => ProxyResponse.Text(status, "text/xml",
        $"<ErrorResponse xmlns=\"https://iam.amazonaws.com/doc/2010-05-08/\"><Error><Type>Sender</Type><Code>{code}</Code><Message>{message}</Message></Error><RequestId>fault</RequestId></ErrorResponse>");

    public static ProxyResponse JsonError(int status, string code, string message) =>
        ProxyResponse.Text(status, "application/x-amz-json-1.1", $$"""{"__type":"{{code}}","Message":"{{message}}"}""");

    public static ProxyResponse RestJsonError(int status, string code, string message) =>
        ProxyResponse.Text(status, "application/json", $$"""{"message":"{{message}}"}""", ("x-amzn-ErrorType", code));

    /// <summary>Answers a random share of the hand-written services' requests with <paramref name="fault"/>.</summary>
    public static AwsStubProxy WithRandomFaults(this AwsStubProxy proxy, double probability, Func<ProxyRequest, ProxyResponse> fault, int seed) 
    {
        var random = new Random(seed);
        return proxy.Intercept((request, _) =>
        {
            bool hit;
            lock (random) hit = random.NextDouble() < probability;
            return Task.FromResult(hit && IsHandWritten(request) ? fault(request) : null);
        });
    }

    /// <summary>Answers every request for one action with <paramref name="fault"/>.</summary>
    public static AwsStubProxy WithFault(this AwsStubProxy proxy, string action, Func<ProxyRequest, ProxyResponse> fault) =>
        proxy.Answer(action, fault);

    /// <summary>Holds every request for one action longer than the client will wait.</summary>
    public static AwsStubProxy WithDelay(this AwsStubProxy proxy, string action, TimeSpan delay) =>
        proxy.Intercept(async (request, _) =>
        {
            if (request.Action == action) await Task.Delay(delay);
            return null;
        });

    public static bool IsHandWritten(ProxyRequest request) =>
        request.Service is "organizations" or "iam" or "account" or "cloudtrail" or "events" or "logs" or "monitoring" or "cloudcontrolapi" or "ce";
}

/// <summary>Load shaping for the benchmark: latency on every request and each service's own rate limit.</summary>
public static class Load
{
    /// <summary>Delays every request by mean ± jitter (uniform) before anything else answers it.</summary>
    public static AwsStubProxy WithLatency(this AwsStubProxy proxy, TimeSpan mean, TimeSpan jitter, int seed)
    {
        var random = new Random(seed);
        return proxy.Intercept(async (_, _) =>
        {
            double offset;
            lock (random) offset = (random.NextDouble() * 2 - 1) * jitter.TotalMilliseconds;
            await Task.Delay(TimeSpan.FromMilliseconds(Math.Max(0, mean.TotalMilliseconds + offset)));
            return null;
        });
    }

    /// <summary>
    /// Enforces a rate per service (keyed by signing name) as AWS does: a token bucket holding <paramref name="burstSeconds"/>
    /// of its rate; a request that finds it empty gets the service's throttling error.
    /// </summary>
    public static AwsStubProxy WithServerRateLimits(this AwsStubProxy proxy, IReadOnlyDictionary<string, double> ratesBySigningName,
        double burstSeconds, Action? onThrottled = null)
    {
        var buckets = ratesBySigningName.ToDictionary(kv => kv.Key, kv => new ServerTokenBucket(kv.Value, Math.Max(1, kv.Value * burstSeconds)));
        return proxy.Intercept((request, _) =>
        {
            if (request.Service is null || !buckets.TryGetValue(request.Service, out var bucket) || bucket.TryTake()) return Task.FromResult<ProxyResponse?>(null);
            onThrottled?.Invoke();
            return Task.FromResult<ProxyResponse?>(Faults.Throttle(request));
        });
    }
}
