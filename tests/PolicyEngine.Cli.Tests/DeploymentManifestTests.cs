using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;

namespace PolicyEngine.Cli.Tests;

/// <summary>The command lines in deploy/ and the docs must stay valid as the CLI changes.</summary>
public class DeploymentManifestTests
{
    public static TheoryData<string, string> CommandLines()
    {
        var data = new TheoryData<string, string>();
        foreach (var file in Directory.EnumerateFiles(Repo.Path("deploy"), "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var text = File.ReadAllText(file);
            // Every "policy-engine ARGS" (or "/tool/policy-engine ARGS") to the end of its line, JSON escapes undone.
            foreach (Match match in Regex.Matches(text, @"policy-engine\s(?<args>(?:evaluate|collect|publish|rules)[^\n]*)"))
                data.Add(Path.GetRelativePath(Repo.Root, file), match.Groups["args"].Value.Replace("\\\"", "\"").TrimEnd(']', ',', ' ').TrimEnd('"'));
            // Kubernetes and ECS give the arguments as lists.
            foreach (Match match in Regex.Matches(text, @"(?:args|Command):\s*\[(?<list>[^\]]*evaluate[^\]]*)\]", RegexOptions.Singleline))
                data.Add(Path.GetRelativePath(Repo.Root, file), string.Join(' ', Regex.Matches(match.Groups["list"].Value, @"""([^""]*)""|([\w\-=/.:]+)")
                    .Select(m => m.Groups[1].Success ? m.Groups[1].Value : m.Groups[2].Value)));
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(CommandLines))]
    public void Each_command_line_in_the_manifests_parses(string file, string commandLine)
    {
        var args = Regex.Matches(commandLine.Replace("\\\n", " "), @"""([^""]*)""|(\S+)")
            .Select(m => m.Groups[1].Success ? m.Groups[1].Value : m.Groups[2].Value)
            .Select(a => Regex.Replace(a, @"\$\{?\w+\}?", "0")) // shell variables such as ${JOB_COMPLETION_INDEX}
            .ToArray();
        var result = CliApp.CreateRootCommand().Parse(args);
        Assert.True(result.Errors.Count == 0, $"{file}: policy-engine {commandLine}: {string.Join("; ", result.Errors.Select(e => e.Message))}");
    }

    [Fact]
    public void The_manifests_hold_command_lines_at_all()
    {
        Assert.True(CommandLines().Count() >= 6);
    }

    [Theory]
    [InlineData("deploy/kubernetes/cronjob.yaml")]
    [InlineData("deploy/kubernetes/indexed-job.yaml")]
    [InlineData("deploy/ci/github-actions.yml")]
    [InlineData("deploy/ci/gitlab-ci.yml")]
    public void Yaml_manifests_are_well_formed(string path)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(File.ReadAllText(Repo.Path(path))));
        Assert.NotEmpty(stream.Documents);
    }
}
