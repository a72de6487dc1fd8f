using System.Text.Json;
using PolicyEngine.Tests;

namespace PolicyEngine.Aws.Tests.Support;

/// <summary>What seed.py created: the member accounts, the trail, the SCP, the organization root.</summary>
public sealed record MotoSeed(string Region, IReadOnlyList<string> Members, string TrailArn, string Scp, string RootId);

/// <summary>A moto_server of our own (the shared <see cref="MotoProcess"/>), seeded with boto3 by Moto/seed.py.</summary>
public sealed class MotoServer : IDisposable
{
    private readonly MotoProcess _process;

    private MotoServer(MotoProcess process, MotoSeed seed)
    {
        _process = process;
        Seed = seed;
    }

    public Uri Endpoint => _process.Endpoint;
    public MotoSeed Seed { get; }

    public static bool IsInstalled => MotoProcess.Executable is not null;

    public static Task<MotoServer> StartAsync(int members) => Task.Run(() =>
    {
        var process = MotoProcess.Start();
        try
        {
            var script = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Moto", "seed.py"));
            var arguments = $"import sys\nsys.argv = ['seed.py', '{process.Endpoint.ToString().TrimEnd('/')}', '{members}']\n";
            var seed = JsonSerializer.Deserialize<MotoSeed>(process.Python(arguments + script), new JsonSerializerOptions(JsonSerializerDefaults.Web))!;
            return new MotoServer(process, seed);
        }
        catch
        {
            process.Dispose();
            throw;
        }
    });

    public void Dispose() => _process.Dispose();
}
