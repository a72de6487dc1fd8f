using System.Diagnostics;
using System.Text.Json;

namespace PolicyEngine.Aws.Tests.Support;

/// <summary>What seed.py created: the member accounts, the trail, the SCP, the organization root.</summary>
public sealed record MotoSeed(string Region, IReadOnlyList<string> Members, string TrailArn, string Scp, string RootId);

/// <summary>A moto_server process of our own on a free 127.0.0.1 port, seeded with boto3 (Moto/seed.py).</summary>
public sealed class MotoServer : IDisposable
{
    private readonly Process _process;

    private MotoServer(Process process, Uri endpoint)
    {
        _process = process;
        Endpoint = endpoint;
    }

    public Uri Endpoint { get; }
    public MotoSeed Seed { get; private set; } = null!;

    /// <summary>moto_server on PATH, or null.</summary>
    public static string? Locate() =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator)
            .Select(dir => Path.Combine(dir, "moto_server"))
            .FirstOrDefault(File.Exists);

    public static async Task<MotoServer> StartAsync(int members)
    {
        var executable = Locate() ?? throw new InvalidOperationException(MotoFactAttribute.Missing);
        var port = AwsStubProxy.FreePort();
        var process = Process.Start(new ProcessStartInfo(executable, ["-H", "127.0.0.1", "-p", port.ToString()])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        }) ?? throw new InvalidOperationException("moto_server did not start");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var server = new MotoServer(process, new Uri($"http://127.0.0.1:{port}/"));
        try
        {
            await server.WaitUntilReadyAsync(TimeSpan.FromSeconds(60));
            server.Seed = await server.SeedAsync(members);
            return server;
        }
        catch
        {
            server.Dispose();
            throw;
        }
    }

    private async Task WaitUntilReadyAsync(TimeSpan limit)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var watch = Stopwatch.StartNew();
        while (watch.Elapsed < limit)
        {
            if (_process.HasExited) throw new InvalidOperationException($"moto_server exited with code {_process.ExitCode}");
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

    private async Task<MotoSeed> SeedAsync(int members)
    {
        var script = Path.Combine(AppContext.BaseDirectory, "Moto", "seed.py");
        var start = new ProcessStartInfo("python3", [script, Endpoint.ToString().TrimEnd('/'), members.ToString()])
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

    public void Dispose()
    {
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        _process.Dispose();
    }
}
