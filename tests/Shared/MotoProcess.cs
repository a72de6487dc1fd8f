using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace PolicyEngine.Tests;

/// <summary>
/// A moto_server (the AWS emulator) of the test's own, on a free 127.0.0.1 port. Tests that need it call
/// <see cref="SkipReason"/> first: without moto they are skipped with that message, unless CI requires moto.
/// </summary>
internal sealed class MotoProcess : IDisposable
{
    private readonly Process _process;

    private MotoProcess(Process process, Uri endpoint)
    {
        _process = process;
        Endpoint = endpoint;
    }

    public Uri Endpoint { get; }

    public static string? Executable =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator)
            .Select(dir => Path.Combine(dir, "moto_server")).FirstOrDefault(File.Exists);

    /// <summary>
    /// Null when moto is available; otherwise why the test cannot run. Under CI (CI=true, or POLICYENGINE_REQUIRE_MOTO=1
    /// as .ci/run sets) a missing moto is not a reason to skip: the test runs and fails on <see cref="Start"/>.
    /// </summary>
    public static string? SkipReason =>
        Executable is not null || Environment.GetEnvironmentVariable("POLICYENGINE_REQUIRE_MOTO") == "1" || Environment.GetEnvironmentVariable("CI") == "true"
            ? null
            : "moto_server (moto 5.2.1) is not on PATH; install it with pip install 'moto[server]==5.2.1' to run the AWS integration tests.";

    public static MotoProcess Start()
    {
        var executable = Executable ?? throw new InvalidOperationException("moto_server is required (POLICYENGINE_REQUIRE_MOTO=1) but not on PATH.");
        var port = FreePort();
        var process = Process.Start(new ProcessStartInfo(executable, ["-H", "127.0.0.1", "-p", port.ToString(System.Globalization.CultureInfo.InvariantCulture)])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var moto = new MotoProcess(process, new Uri($"http://127.0.0.1:{port}"));
        moto.WaitUntilReady(TimeSpan.FromSeconds(60));
        return moto;
    }

    /// <summary>A port of 127.0.0.1 that nothing listens on right now.</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private void WaitUntilReady(TimeSpan limit)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var watch = Stopwatch.StartNew();
        while (watch.Elapsed < limit)
        {
            if (_process.HasExited) throw new InvalidOperationException($"moto_server exited with code {_process.ExitCode}");
            try
            {
                if (http.GetAsync(new Uri(Endpoint, "/moto-api/data.json")).Result.IsSuccessStatusCode) return;
            }
            catch (AggregateException) { }
            Thread.Sleep(100);
        }
        Dispose();
        throw new TimeoutException($"moto_server did not answer on {Endpoint} within {limit.TotalSeconds} s");
    }

    /// <summary>The environment that points an AWS client at this emulator with throwaway credentials.</summary>
    public IReadOnlyDictionary<string, string> ClientEnvironment => new Dictionary<string, string>
    {
        ["AWS_ENDPOINT_URL"] = Endpoint.ToString().TrimEnd('/'),
        ["AWS_ACCESS_KEY_ID"] = "testing",
        ["AWS_SECRET_ACCESS_KEY"] = "testing",
        ["AWS_REGION"] = "us-east-1",
        ["AWS_DEFAULT_REGION"] = "us-east-1",
        ["AWS_EC2_METADATA_DISABLED"] = "true",
    };

    /// <summary>Runs a Python (boto3) script against the emulator and returns its output.</summary>
    public string Python(string script)
    {
        var start = new ProcessStartInfo("python3", ["-c", script]) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var (key, value) in ClientEnvironment) start.Environment[key] = value;
        start.Environment.Remove("AWS_PROFILE");
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        if (process.ExitCode != 0) throw new InvalidOperationException($"python failed: {stderr.Result}");
        return stdout.Result;
    }

    public void Dispose()
    {
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        _process.Dispose();
    }
}
