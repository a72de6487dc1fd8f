namespace PolicyEngine.SecurityHub.Tests;

/// <summary>
/// moto's AWS emulator (moto_server) on a free port of 127.0.0.1, started once for the tests that use it and
/// stopped after them. Its Security Hub implements BatchImportFindings and GetFindings (paged, filters ignored).
/// </summary>
public sealed class MotoServer : IAsyncLifetime
{
    private MotoProcess? _moto;

    public Uri Endpoint => _moto?.Endpoint ?? throw new InvalidOperationException(MotoProcess.SkipReason);

    public Task InitializeAsync()
    {
        if (MotoProcess.SkipReason is null) _moto = MotoProcess.Start();
        return Task.CompletedTask;
    }

    /// <summary>Forgets every finding, so each test starts from an empty Security Hub.</summary>
    public async Task ResetAsync()
    {
        using var http = new HttpClient();
        (await http.PostAsync(new Uri(Endpoint, "/moto-api/reset"), null)).EnsureSuccessStatusCode();
    }

    public Task DisposeAsync()
    {
        _moto?.Dispose();
        return Task.CompletedTask;
    }
}

/// <summary>A fact that needs moto; skipped with the reason when moto_server is not installed (CI requires it).</summary>
public sealed class MotoFactAttribute : FactAttribute
{
    public MotoFactAttribute()
    {
        if (MotoProcess.SkipReason is { } reason) Skip = reason;
    }
}
