using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace PolicyEngine.Reporting.Tests.SecurityHub;

/// <summary>
/// moto's AWS emulator (moto_server) on a free port of 127.0.0.1, started once for the tests that use it and
/// stopped after them. Its Security Hub implements BatchImportFindings and GetFindings (paged, filters ignored).
/// </summary>
public sealed class MotoServer : IAsyncLifetime
{
    public static string? Executable { get; } = FindOnPath("moto_server");

    private Process? _process;

    public Uri Endpoint { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        if (Executable is null) return;
        var port = FreePort();
        _process = Process.Start(new ProcessStartInfo(Executable, ["-H", "127.0.0.1", "-p", port.ToString()])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        Endpoint = new Uri($"http://127.0.0.1:{port}");
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            try
            {
                (await http.PostAsync(new Uri(Endpoint, "/moto-api/reset"), null)).EnsureSuccessStatusCode();
                return;
            }
            catch (HttpRequestException) when (DateTime.UtcNow < deadline && !_process.HasExited)
            {
                await Task.Delay(200);
            }
            catch (TaskCanceledException) when (DateTime.UtcNow < deadline && !_process.HasExited)
            {
                await Task.Delay(200);
            }
        }
    }

    /// <summary>Forgets every finding, so each test starts from an empty Security Hub.</summary>
    public async Task ResetAsync()
    {
        using var http = new HttpClient();
        (await http.PostAsync(new Uri(Endpoint, "/moto-api/reset"), null)).EnsureSuccessStatusCode();
    }

    public Task DisposeAsync()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(5000);
        }
        _process?.Dispose();
        return Task.CompletedTask;
    }

    private static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    private static string? FindOnPath(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, name))
            .FirstOrDefault(File.Exists);
}

/// <summary>A fact that needs moto; skipped with the reason when moto_server is not installed.</summary>
public sealed class MotoFactAttribute : FactAttribute
{
    public MotoFactAttribute()
    {
        if (MotoServer.Executable is null)
            Skip = "moto_server is not on PATH (pip install 'moto[server]==5.2.1'): the Security Hub emulator tests cannot run";
    }
}

/// <summary>
/// Stands in for SigV4 signing: moto accepts any signature but reads the service and region from the credential
/// scope of the Authorization header. The CLI plugs a real signing handler in the same place.
/// </summary>
public sealed class FakeSigningHandler(HttpMessageHandler inner) : DelegatingHandler(inner)
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        request.Headers.TryAddWithoutValidation("Authorization",
            $"AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/{DateTime.UtcNow:yyyyMMdd}/us-east-1/securityhub/aws4_request, SignedHeaders=host;x-amz-date, Signature=0000");
        request.Headers.TryAddWithoutValidation("X-Amz-Date", DateTime.UtcNow.ToString("yyyyMMdd'T'HHmmss'Z'"));
        return base.SendAsync(request, cancellationToken);
    }
}
