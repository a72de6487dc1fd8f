using System.Diagnostics;
using System.Text.Json;

namespace PolicyEngine.Aws.Tests.Support;

/// <summary>What seed.py created: the member accounts, the trail, the SCP, the organization root.</summary>
public sealed record MotoSeed(string Region, IReadOnlyList<string> Members, string TrailArn, string Scp, string RootId);

/// <summary>
/// Starts moto_server on a free 127.0.0.1 port, waits for it, and seeds it once with boto3 (Moto/seed.py). Shared by the
/// integration tests; the collectors only read, so one seeding serves them all.
/// </summary>
public sealed class MotoFixture : IAsyncLifetime
{
    public const string ManagementAccountId = "123456789012";
    public const int MemberCount = 3;

    private Process? _server;

    private Uri? _endpoint;
    private MotoSeed? _seed;

    public Uri Endpoint => _endpoint ?? throw new InvalidOperationException(MotoFactAttribute.Missing);
    public MotoSeed Seed => _seed ?? throw new InvalidOperationException(MotoFactAttribute.Missing);

    /// <summary>moto_server on PATH, or null.</summary>
    public static string? Locate() =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator)
            .Select(dir => Path.Combine(dir, "moto_server"))
            .FirstOrDefault(File.Exists);

    public async Task InitializeAsync()
    {
        // Absent here: the tests are skipped (or, under CI, fail in Require with the same message).
        if (Locate() is not { } executable) return;
        var port = AwsStubProxy.FreePort();
        _endpoint = new Uri($"http://127.0.0.1:{port}/");
        _server = Process.Start(new ProcessStartInfo(executable, ["-H", "127.0.0.1", "-p", port.ToString()])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        }) ?? throw new InvalidOperationException("moto_server did not start");
        _server.OutputDataReceived += (_, _) => { };
        _server.ErrorDataReceived += (_, _) => { };
        _server.BeginOutputReadLine();
        _server.BeginErrorReadLine();
        await WaitUntilReadyAsync(TimeSpan.FromSeconds(60));
        _seed = await SeedAsync();
    }

    private async Task WaitUntilReadyAsync(TimeSpan limit)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var watch = Stopwatch.StartNew();
        while (watch.Elapsed < limit)
        {
            if (_server!.HasExited) throw new InvalidOperationException($"moto_server exited with code {_server.ExitCode}");
            try
            {
                using var response = await http.GetAsync(new Uri(Endpoint, "moto-api/data.json"));
                if (response.IsSuccessStatusCode) return;
            }
            catch (HttpRequestException) { }
            catch (TaskCanceledException) { }
            await Task.Delay(100);
        }
        throw new TimeoutException($"moto_server did not answer on {Endpoint} within {limit.TotalSeconds} s");
    }

    private async Task<MotoSeed> SeedAsync()
    {
        var script = Path.Combine(AppContext.BaseDirectory, "Moto", "seed.py");
        var start = new ProcessStartInfo("python3", [script, Endpoint.ToString().TrimEnd('/'), MemberCount.ToString()])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment.Remove("AWS_PROFILE");
        using var seeding = Process.Start(start)!;
        var stdout = seeding.StandardOutput.ReadToEndAsync();
        var stderr = seeding.StandardError.ReadToEndAsync();
        await seeding.WaitForExitAsync();
        if (seeding.ExitCode != 0) throw new InvalidOperationException($"seeding moto failed: {await stderr}");
        return JsonSerializer.Deserialize<MotoSeed>(await stdout, new JsonSerializerOptions(JsonSerializerDefaults.Web))!;
    }

    public Task DisposeAsync()
    {
        if (_server is { HasExited: false }) _server.Kill(entireProcessTree: true);
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
    public const string Missing =
        "moto_server is not on PATH (pip install 'moto[server]==5.2.1'): the moto integration tests are skipped. CI=true requires it.";

    public MotoFactAttribute()
    {
        if (MotoFixture.Locate() is null && Environment.GetEnvironmentVariable("CI") != "true") Skip = Missing;
    }
}
