using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace PolicyEngine.Core.Tests;

/// <summary>
/// The dependency rules of docs/architecture.md, enforced: the table there says which projects each project may
/// reference, and every src/*/*.csproj is held to it. A new project needs a row; a new reference needs a reason.
/// </summary>
public partial class ArchitectureTests
{
    private static Dictionary<string, HashSet<string>> AllowedReferences()
    {
        var table = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        foreach (var line in File.ReadLines(Repo.Path("docs/architecture.md")))
        {
            var row = Row().Match(line);
            if (!row.Success) continue;
            table[row.Groups["project"].Value] = Project().Matches(row.Groups["allowed"].Value).Select(m => m.Groups[1].Value).ToHashSet(StringComparer.Ordinal);
        }
        return table;
    }

    private static IEnumerable<(string Project, string Reference)> ProjectReferences()
    {
        foreach (var csproj in Directory.EnumerateFiles(Repo.Path("src"), "*.csproj", SearchOption.AllDirectories))
        {
            var project = Path.GetFileNameWithoutExtension(csproj);
            foreach (var reference in XDocument.Load(csproj).Descendants("ProjectReference"))
                yield return (project, Path.GetFileNameWithoutExtension(reference.Attribute("Include")!.Value.Replace('\\', '/')));
        }
    }

    [Fact]
    public void Every_project_references_only_what_docs_architecture_allows()
    {
        var allowed = AllowedReferences();
        Assert.True(allowed.Count >= 8, "docs/architecture.md has lost its dependency table");
        var violations = ProjectReferences()
            .Where(r => !allowed.TryGetValue(r.Project, out var may) || !may.Contains(r.Reference))
            .Select(r => $"{r.Project} -> {r.Reference}")
            .ToList();
        Assert.True(violations.Count == 0, "references docs/architecture.md does not allow: " + string.Join("; ", violations));
    }

    [Fact]
    public void Every_source_project_has_a_row_and_every_row_a_project()
    {
        var rows = AllowedReferences().Keys.Order(StringComparer.Ordinal).ToList();
        var projects = Directory.EnumerateFiles(Repo.Path("src"), "*.csproj", SearchOption.AllDirectories)
            .Select(p => Path.GetFileNameWithoutExtension(p)!).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(projects, rows);
    }

    [Fact]
    public void The_allowed_references_point_one_way()
    {
        // A cycle in the table would let two projects reference each other step by step.
        var allowed = AllowedReferences();
        foreach (var start in allowed.Keys)
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            var stack = new Stack<string>(allowed[start]);
            while (stack.TryPop(out var next))
            {
                Assert.False(next == start, $"{start} can reach itself through the table");
                if (seen.Add(next) && allowed.TryGetValue(next, out var further))
                    foreach (var f in further) stack.Push(f);
            }
        }
    }

    [Fact]
    public void The_core_and_the_compiler_reference_no_AWS_package()
    {
        foreach (var project in new[] { "PolicyEngine.Core", "PolicyEngine.Syntax", "PolicyEngine.Rules", "PolicyEngine.Evaluation" })
        {
            var csproj = XDocument.Load(Repo.Path($"src/{project}/{project}.csproj"));
            Assert.DoesNotContain(csproj.Descendants("PackageReference"), p => p.Attribute("Include")!.Value.StartsWith("AWSSDK", StringComparison.Ordinal));
        }
    }

    [Theory]
    [InlineData("PolicyEngine.Reporting.Abstractions")]
    [InlineData("PolicyEngine.Reporting")]
    public void A_reporter_compiles_against_no_AWS_code(string project)
    {
        // What a reporter author compiles against, and all it brings: Core and the contract, never AWS code or packages.
        var reached = Reachable(project);
        Assert.DoesNotContain("PolicyEngine.Aws", reached);
        Assert.DoesNotContain("PolicyEngine.SecurityHub", reached);
        foreach (var each in reached.Append(project))
            Assert.DoesNotContain(XDocument.Load(Repo.Path($"src/{each}/{each}.csproj")).Descendants("PackageReference"),
                p => p.Attribute("Include")!.Value.StartsWith("AWSSDK", StringComparison.Ordinal));
    }

    [Fact]
    public void The_contract_is_Core_alone_and_the_sample_reporter_references_only_the_contract()
    {
        Assert.Equal(["PolicyEngine.Core"], Reachable("PolicyEngine.Reporting.Abstractions"));
        Assert.Empty(XDocument.Load(Repo.Path("src/PolicyEngine.Reporting.Abstractions/PolicyEngine.Reporting.Abstractions.csproj")).Descendants("PackageReference"));
        var sample = XDocument.Load(Repo.Path("samples/CustomReporter/CustomReporter.csproj"));
        var references = sample.Descendants("ProjectReference").Select(r => Path.GetFileNameWithoutExtension(r.Attribute("Include")!.Value.Replace('\\', '/'))).ToList();
        Assert.Equal(["PolicyEngine.Reporting.Abstractions"], references);
        Assert.Empty(sample.Descendants("PackageReference"));
    }

    /// <summary>The source projects a project reaches through its .csproj references, itself excluded, in name order.</summary>
    private static List<string> Reachable(string project)
    {
        var direct = ProjectReferences().ToLookup(r => r.Project, r => r.Reference, StringComparer.Ordinal);
        var seen = new SortedSet<string>(StringComparer.Ordinal);
        var stack = new Stack<string>(direct[project]);
        while (stack.TryPop(out var next))
            if (seen.Add(next)) foreach (var further in direct[next]) stack.Push(further);
        return seen.ToList();
    }

    [GeneratedRegex(@"^\| `(?<project>PolicyEngine(?:\.[A-Za-z]+)*)` \|[^|]*\| (?<allowed>[^|]*) \|$")]
    private static partial Regex Row();

    [GeneratedRegex("`(PolicyEngine(?:\\.[A-Za-z]+)*)`")]
    private static partial Regex Project();
}
