using System.Text.Json.Nodes;
using PolicyEngine.Syntax;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace PolicyEngine.Tooling.Testing;

/// <summary>Converts YAML nodes to JSON so that test facts are read by the same strict reader as snapshots.</summary>
public static class YamlJson
{
    /// <summary>The first null item of a list anywhere below the node: a fact list holds facts, never nothing.</summary>
    public static YamlNode? FirstEmptyListItem(YamlNode node) => node switch
    {
        YamlMappingNode mapping => mapping.Children.Values.Select(FirstEmptyListItem).FirstOrDefault(n => n is not null),
        YamlSequenceNode sequence => sequence.Children.FirstOrDefault(c => c is YamlScalarNode s && YamlMap.IsNull(s))
            ?? sequence.Children.Select(FirstEmptyListItem).FirstOrDefault(n => n is not null),
        _ => null,
    };

    public static JsonNode? ToJson(YamlNode node) => node switch
    {
        YamlMappingNode mapping => new JsonObject(mapping.Children.Select(kv =>
            KeyValuePair.Create(((YamlScalarNode)kv.Key).Value ?? "", ToJson(kv.Value)))),
        YamlSequenceNode sequence => new JsonArray(sequence.Children.Select(ToJson).ToArray()),
        YamlScalarNode scalar when YamlMap.IsNull(scalar) => null,
        YamlScalarNode scalar => YamlMap.ScalarValue(scalar) switch
        {
            bool b => JsonValue.Create(b),
            int i => JsonValue.Create(i),
            double d => JsonValue.Create(d),
            var other => JsonValue.Create(other.ToString()),
        },
        _ => null,
    };
}
