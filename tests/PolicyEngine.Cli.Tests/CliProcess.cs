using System.Diagnostics;

namespace PolicyEngine.Cli.Tests;

public sealed record CliRun(int ExitCode, string Stdout, string Stderr);

/// <summary>Runs the real CLI as a separate process, as the nightly job and users do.</summary>
internal static class CliProcess
{
    private static readonly string CliDll = Path.Combine(AppContext.BaseDirectory, "PolicyEngine.Cli.dll");

    public static CliRun Run(string workingDirectory, params string[] args) => Run(workingDirectory, null, args);

    public static CliRun Run(string workingDirectory, IReadOnlyDictionary<string, string>? environment, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var (key, value) in environment ?? new Dictionary<string, string>()) start.Environment[key] = value;
        start.Environment.Remove("AWS_PROFILE");
        start.ArgumentList.Add(CliDll);
        foreach (var arg in args) start.ArgumentList.Add(arg);
        start.Environment["NO_COLOR"] = "1";
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(2)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"policy-engine {string.Join(' ', args)} did not finish in 2 minutes");
        }
        return new CliRun(process.ExitCode, stdout.Result, stderr.Result);
    }
}

/// <summary>A temporary folder with its own rules and facts, removed after the test.</summary>
internal sealed class Workspace : IDisposable
{
    public Workspace()
    {
        Root = Directory.CreateTempSubdirectory("policyengine-cli-").FullName;
        Directory.CreateDirectory(Path.Combine(Root, "rules", "mfa"));
        foreach (var file in Directory.GetFiles(Path.Combine(Repo.Root, "rules", "mfa"), "MA0401-*"))
            File.Copy(file, Path.Combine(Root, "rules", "mfa", Path.GetFileName(file)));
    }

    public string Root { get; }

    /// <summary>Adds a folder of the shipped rules to the workspace's rules.</summary>
    public Workspace WithRules(string folder)
    {
        Directory.CreateDirectory(Path.Combine(Root, "rules", folder));
        foreach (var file in Directory.GetFiles(Path.Combine(Repo.Root, "rules", folder)))
            File.Copy(file, Path.Combine(Root, "rules", folder, Path.GetFileName(file)));
        return this;
    }

    public string Write(string relative, string content)
    {
        var path = Path.Combine(Root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
        return path;
    }

    public CliRun Run(params string[] args) => CliProcess.Run(Root, args);

    public CliRun RunWith(IReadOnlyDictionary<string, string> environment, params string[] args) => CliProcess.Run(Root, environment, args);

    public void Dispose() => Directory.Delete(Root, recursive: true);

    public static string Facts(bool mfa) => $$"""
        {
          "schemaVersion": 1,
          "collectedAt": "2026-11-25T00:00:00Z",
          "facts": {
            "accounts": [
              { "id": "111111111111", "arn": "arn:aws:organizations::111111111111:account/o-x/111111111111", "name": "Management", "email": "aws@example.com", "state": "ACTIVE", "isManagement": true }
            ],
            "rootCredentials": [
              { "accountId": "111111111111", "passwordEnabled": true, "mfaActive": {{(mfa ? "true" : "false")}}, "accessKey1Active": false, "accessKey2Active": false }
            ]
          }
        }
        """;
}
