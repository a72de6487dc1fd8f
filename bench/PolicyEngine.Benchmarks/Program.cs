using System.Globalization;
using BenchmarkDotNet.Running;
using PolicyEngine.Benchmarks;
using PolicyEngine.Core.Snapshots;

// dotnet run -c Release --project bench/PolicyEngine.Benchmarks -- <command> [options]
//   synth --accounts N --out FILE [--seed S]      write a synthetic organization snapshot
//   bench [--dry] [BenchmarkDotNet arguments]      run the BenchmarkDotNet suites (e.g. --filter '*Evaluate*')
//   measure --accounts N [--seed S] [--facts FILE] [--runs K] [--rules DIR] [--fixes]
//                                                  time Evaluate in this process; peak working set and GC figures
//                                                  (--fixes: ProbeEvaluator with the prototype fixes instead of Evaluator)
//   breakdown --accounts N [--seed S] [--runs K] [--rules DIR]
//                                                  Stopwatch breakdown of one evaluation: partition, sessions, InsertAll, Fire, synthesis
//   compare --accounts N [--runs K]                YAML vs hand-written Fluent on the same rule subset (quick, outside BenchmarkDotNet)
//   rules --count N --out DIR                      write N rule variants of the shipped rules (what the compile benchmark uses)
//   hub-proxy (--upstream URL | --store) [--latency-ms 150] [--port P]
//                                                  Security Hub's latency and documented limits in front of moto (bench/push/run.sh)
var command = args.Length > 0 ? args[0] : "help";
var rest = args.Skip(1).ToArray();
string? rulesCopy = null;
try
{
    // Measure one consistent set of rules: the shipped ones that compile now (unless --rules names a folder).
    if (command is "bench" or "measure" or "breakdown" or "compare" && !rest.Contains("--rules")
        && Environment.GetEnvironmentVariable("POLICYENGINE_BENCH_RULES") is null or "")
        rulesCopy = Repo.SnapshotShippedRules();
    switch (command)
    {
        case "synth":
        {
            var options = Options.Parse(rest);
            var accounts = options.Int("accounts") ?? throw new ArgumentException("synth needs --accounts N");
            var output = options.Text("out") ?? throw new ArgumentException("synth needs --out FILE");
            var seed = options.Int("seed") ?? 1;
            var snapshot = SyntheticOrganization.Generate(accounts, seed);
            SnapshotSerializer.Write(snapshot, output);
            // Read it back the way the CLI does, so a snapshot this writes is known to be valid.
            var read = SnapshotSerializer.Read(output);
            var summary = SyntheticOrganization.Summarize(read.Facts);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"wrote {output}: {summary.Accounts} accounts, {summary.Facts} facts ({summary.OrganizationFacts} organization-wide, {summary.CollectionErrors} collection errors), seed {seed}, {new FileInfo(output).Length / 1024.0 / 1024.0:F1} MiB"));
            return 0;
        }
        case "bench":
            if (rest.Contains("--dry")) Environment.SetEnvironmentVariable("POLICYENGINE_BENCH_DRY", "1");
            BenchmarkSwitcher.FromAssembly(typeof(Repo).Assembly).Run(rest.Where(a => a != "--dry").ToArray());
            return 0;
        case "measure":
            return Measure.Run(Options.Parse(rest));
        case "breakdown":
            return Breakdown.Run(Options.Parse(rest));
        case "compare":
            return Compare.Run(Options.Parse(rest));
        case "hub-proxy":
            return await HubProxy.RunAsync(Options.Parse(rest));
        case "rules":
        {
            var options = Options.Parse(rest);
            var dir = RuleVariants.Write(options.Text("rules") ?? Repo.RulesDirectory, options.Int("count") ?? 500, options.Text("out"));
            Console.WriteLine($"wrote {options.Int("count") ?? 500} rules to {dir}");
            return 0;
        }
        default:
            Console.Error.WriteLine("usage: synth --accounts N --out FILE [--seed S] | bench [BDN args] | measure --accounts N [--facts FILE] [--runs K] | breakdown --accounts N | rules --count N --out DIR");
            return command == "help" ? 0 : 2;
    }
}
catch (Exception e) when (e is ArgumentException or SnapshotException or InvalidOperationException)
{
    Console.Error.WriteLine(e.Message);
    return 2;
}
finally
{
    if (rulesCopy is not null && Directory.Exists(rulesCopy)) Directory.Delete(rulesCopy, recursive: true);
}

namespace PolicyEngine.Benchmarks
{
    /// <summary>--name value pairs.</summary>
    internal sealed class Options
    {
        private readonly Dictionary<string, string> _values = new(StringComparer.Ordinal);

        public static Options Parse(string[] args)
        {
            var options = new Options();
            for (var i = 0; i < args.Length; i++)
            {
                if (!args[i].StartsWith("--", StringComparison.Ordinal)) throw new ArgumentException($"unexpected argument '{args[i]}'");
                var name = args[i][2..];
                options._values[name] = i + 1 < args.Length && !args[i + 1].StartsWith("--", StringComparison.Ordinal) ? args[++i] : "true";
            }
            return options;
        }

        public string? Text(string name) => _values.GetValueOrDefault(name);

        public int? Int(string name) => _values.TryGetValue(name, out var v)
            ? int.TryParse(v, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : throw new ArgumentException($"--{name} needs a whole number, not '{v}'")
            : null;

        public bool Flag(string name) => _values.ContainsKey(name);

        public int Accounts => Int("accounts") ?? 10_000;

        public int Seed => Int("seed") ?? 1;

        public int Runs(int fallback) => Int("runs") ?? fallback;

        /// <summary>The synthetic organization of --accounts and --seed, generated in memory.</summary>
        public PolicyEngine.Core.Snapshots.Snapshot Generate() => SyntheticOrganization.Generate(Accounts, Seed);
    }
}
