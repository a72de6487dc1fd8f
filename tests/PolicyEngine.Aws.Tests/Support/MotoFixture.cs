using PolicyEngine.Tests;

namespace PolicyEngine.Aws.Tests.Support;

/// <summary>
/// One moto_server for the integration tests, seeded once: the collectors only read, so one seeding serves them all.
/// Where moto_server is absent the tests are skipped (or, under CI, fail on first use with the same message).
/// </summary>
public sealed class MotoFixture : IAsyncLifetime
{
    public const string ManagementAccountId = "123456789012";
    public const int MemberCount = 3;

    private MotoServer? _server;

    public Uri Endpoint => Server.Endpoint;
    public MotoSeed Seed => Server.Seed;
    private MotoServer Server => _server ?? throw new InvalidOperationException(MotoFactAttribute.Missing);

    public async Task InitializeAsync()
    {
        if (MotoServer.IsInstalled) _server = await MotoServer.StartAsync(MemberCount);
    }

    public Task DisposeAsync()
    {
        _server?.Dispose();
        return Task.CompletedTask;
    }
}

[CollectionDefinition(Name)]
public sealed class MotoCollection : ICollectionFixture<MotoFixture>
{
    public const string Name = "moto";
}

/// <summary>A test that needs moto_server: skipped with a clear message where it is not installed, except under CI, which requires it.</summary>
public sealed class MotoFactAttribute : FactAttribute
{
    public static string Missing => MotoProcess.SkipReason ?? "moto_server is required under CI but is not on PATH.";

    public MotoFactAttribute()
    {
        if (MotoProcess.SkipReason is { } reason) Skip = reason;
    }
}
