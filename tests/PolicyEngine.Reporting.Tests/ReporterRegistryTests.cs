using System.Diagnostics;
using PolicyEngine.Reporting.Reporters;

namespace PolicyEngine.Reporting.Tests;

public sealed class ReporterRegistryTests
{
    [Fact]
    public void Built_in_reporters_are_found_by_name()
    {
        var registry = ReporterRegistry.CreateDefault();
        Assert.Equal(["asff", "console", "html", "json", "junit", "markdown", "sarif"], registry.Names);
        foreach (var name in registry.Names) Assert.Equal(name, registry.Create(name).Name);
    }

    [Fact]
    public void An_unknown_name_lists_the_known_ones()
    {
        var error = Assert.Throws<ReporterException>(() => ReporterRegistry.CreateDefault().Create("pdf"));
        Assert.Equal("unknown reporter 'pdf'; known reporters: asff, console, html, json, junit, markdown, sarif", error.Message);
    }

    [Fact]
    public void Invalid_options_are_reported_when_the_reporter_is_created()
    {
        var registry = ReporterRegistry.FromConfiguration(new ReporterConfiguration
        {
            Options = new Dictionary<string, IReadOnlyDictionary<string, string>> { ["junit"] = new Dictionary<string, string> { ["unknownAs"] = "ignored" } },
        });
        var error = Assert.Throws<ReporterException>(() => registry.Create("junit"));
        Assert.Contains("unknownAs must be 'error' or 'skipped'", error.Message);
    }

    [Theory]
    [InlineData("sarif", "sarif", null)]
    [InlineData("sarif=out/report.sarif", "sarif", "out/report.sarif")]
    [InlineData("console=-", "console", null)]
    public void Report_arguments_parse(string argument, string name, string? path)
    {
        Assert.Equal(new ReportRequest(name, path), ReportRequest.Parse(argument));
    }

    [Fact]
    public async Task A_file_target_is_replaced_whole_and_leaves_no_temporary_file()
    {
        var directory = Repository.TempDirectory();
        var path = Path.Combine(directory, "nested", "report.md");
        var request = ReportRequest.Parse($"markdown={path}");
        await ReporterRegistry.CreateDefault().Create(request.Name).WriteAsync(ReportFixture.Create(), request.Target(), CancellationToken.None);
        await ReporterRegistry.CreateDefault().Create(request.Name).WriteAsync(ReportFixture.WithBaseline(), request.Target(), CancellationToken.None);
        Assert.StartsWith("# PolicyEngine report", await File.ReadAllTextAsync(path));
        Assert.Contains("Changes since the baseline", await File.ReadAllTextAsync(path));
        Assert.Equal([path], Directory.GetFiles(Path.GetDirectoryName(path)!));
    }

    [Fact]
    public async Task The_sample_third_party_reporter_builds_loads_and_writes()
    {
        var output = Repository.TempDirectory();
        BuildSample(output);
        var registry = ReporterRegistry.FromConfiguration(new ReporterConfiguration
        {
            Assemblies = [Path.Combine(output, "Acme.PolicyEngine.CsvReporter.dll")],
            Options = new Dictionary<string, IReadOnlyDictionary<string, string>> { ["csv"] = new Dictionary<string, string> { ["onlyFailing"] = "true" } },
        });
        Assert.Contains("csv", registry.Names);

        var csv = await Render.ToStringAsync(registry.Create("csv"), ReportFixture.Create());

        var lines = csv.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("ruleId,status,severity,accountId,resource,message", lines[0]);
        Assert.Equal(1 + ReportFixture.Create().Count(Core.Results.ResultStatus.Fail), lines.Length);
        Assert.Contains("\"Root sign-ins to management account Acme Org raise no alert: no EventBridge rule, and the metric filter | alarm pair has no subscriber <none>.\"", csv, StringComparison.Ordinal);
        Assert.Throws<ReporterException>(() => registry.Create("csv", new Dictionary<string, string> { ["delimiter"] = ";;" }));
    }

    [Fact]
    public void A_file_that_is_not_an_assembly_is_refused_clearly()
    {
        var path = Path.Combine(Repository.TempDirectory(), "NotAnAssembly.dll");
        File.WriteAllText(path, "MZ? no");
        var error = Assert.Throws<ReporterException>(() => ReporterRegistry.CreateDefault().LoadPlugins(path));
        Assert.StartsWith($"reporter assembly '{path}' cannot be loaded", error.Message);
        Assert.Contains("does not exist", Assert.Throws<ReporterException>(() => ReporterRegistry.CreateDefault().LoadPlugins(path + ".missing")).Message);
    }

    [Fact]
    public void An_assembly_without_reporters_is_refused_clearly()
    {
        // xunit.assert.dll is a real assembly with public types, none of them a reporter.
        var path = Path.Combine(AppContext.BaseDirectory, "xunit.assert.dll");
        var error = Assert.Throws<ReporterException>(() => ReporterRegistry.CreateDefault().LoadPlugins(path));
        Assert.Equal($"reporter assembly '{path}' has no public class implementing PolicyEngine.Reporting.IReporter", error.Message);
    }

    [Fact]
    public void A_plugin_cannot_take_a_built_in_name()
    {
        var registry = ReporterRegistry.CreateDefault();
        var error = Assert.Throws<ReporterException>(() => registry.Register("json", _ => new JsonReporter()));
        Assert.Contains("already taken by built-in", error.Message);
    }

    private static void BuildSample(string output)
    {
#if DEBUG
        const string configuration = "Debug";
#else
        const string configuration = "Release";
#endif
        var project = Path.Combine(Repository.Root, "samples", "CustomReporter", "CustomReporter.csproj");
        // The referenced projects are already built (this test runs from them), so only the sample is compiled.
        var info = new ProcessStartInfo("dotnet", ["build", project, "-c", configuration, "-o", output, "-p:BuildProjectReferences=false", "-nologo", "-v:q"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        Assert.True(process.WaitForExit(TimeSpan.FromMinutes(3)), "building the sample took more than 3 minutes");
        Assert.True(process.ExitCode == 0, $"building the sample failed:\n{stdout.Result}\n{stderr.Result}");
    }
}
