using System.Globalization;
using PolicyEngine.Rules;
using YamlDotNet.RepresentationModel;

namespace PolicyEngine.Benchmarks;

/// <summary>
/// Writes N rules into a folder, each a variant of one of the shipped rules: a new ID, numeric parameters moved a
/// little, and one extra condition on the subject, so that every variant has conditions of its own (NRules would
/// otherwise share identical nodes between copies and the compile would look cheaper than N distinct rules).
/// </summary>
public static class RuleVariants
{
    public static string Write(string sourceDirectory, int count, string? targetDirectory = null)
    {
        var sources = YamlRuleCompiler.FindRuleFiles(sourceDirectory);
        if (sources.Count == 0) throw new InvalidOperationException($"No rule files in {sourceDirectory}.");
        var target = targetDirectory ?? Path.Combine(Path.GetTempPath(), $"policyengine-bench-rules-{Environment.ProcessId}-{count}");
        if (targetDirectory is null && Directory.Exists(target)) Directory.Delete(target, recursive: true);
        else if (Directory.Exists(target) && Directory.EnumerateFileSystemEntries(target).Any())
            throw new ArgumentException($"{target} is not empty; give a new or empty folder.");
        Directory.CreateDirectory(target);
        var documents = sources.Select(path => File.ReadAllText(path)).ToList();
        for (var i = 0; i < count; i++)
        {
            var id = $"GEN{i + 1:D4}";
            var yaml = new YamlStream();
            yaml.Load(new StringReader(documents[i % documents.Count]));
            var rule = (YamlMappingNode)yaml.Documents[0].RootNode;
            rule.Children[new YamlScalarNode("id")] = new YamlScalarNode(id);
            Vary(rule, i);
            using var writer = new StreamWriter(Path.Combine(target, $"{id}-variant.yaml"));
            yaml.Save(writer, assignAnchors: false);
        }
        return target;
    }

    private static void Vary(YamlMappingNode rule, int index)
    {
        if (rule.Children.TryGetValue(new YamlScalarNode("parameters"), out var parameters) && parameters is YamlMappingNode map)
        {
            foreach (var (key, value) in map.Children.ToList())
                if (value is YamlScalarNode { Value: { } text } && int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var number))
                    map.Children[key] = new YamlScalarNode((number + index % 7).ToString(CultureInfo.InvariantCulture));
        }
        var subject = (YamlMappingNode)rule.Children[new YamlScalarNode("subject")];
        var alias = ((YamlScalarNode)subject.Children[new YamlScalarNode("as")]).Value;
        var extra = new YamlScalarNode($"{alias}.ResourceId != \"excluded-{index}\"") { Style = YamlDotNet.Core.ScalarStyle.DoubleQuoted };
        var whereKey = new YamlScalarNode("where");
        if (!subject.Children.TryGetValue(whereKey, out var where))
            subject.Children[whereKey] = new YamlSequenceNode(extra);
        else if (where is YamlSequenceNode list)
            list.Children.Add(extra);
        else
            subject.Children[whereKey] = new YamlSequenceNode(where, extra);
    }
}
