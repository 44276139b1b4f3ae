using YamlDotNet.RepresentationModel;

namespace Signup.Deploy.Tests.Template;

/// <summary>Null-tolerant navigation over YamlDotNet's representation model.</summary>
internal static class YamlNodes
{
    public static YamlNode? Child(this YamlNode? node, string key) =>
        node is YamlMappingNode mapping && mapping.Children.TryGetValue(new YamlScalarNode(key), out var value)
            ? value
            : null;

    public static YamlNode? Path(this YamlNode? node, params string[] keys) =>
        keys.Aggregate(node, (current, key) => current.Child(key));

    /// <summary>The scalar's value, or null for a missing node, a mapping or a sequence.</summary>
    public static string? Text(this YamlNode? node) => (node as YamlScalarNode)?.Value;

    /// <summary>The short-form function of the node, such as <c>!Ref</c>, or null for a plain value.</summary>
    public static string? Function(this YamlNode? node) =>
        node is null || node.Tag.IsEmpty ? null : node.Tag.Value;

    /// <summary>The items of a sequence, the node itself for a scalar or mapping, nothing for a missing node.</summary>
    public static IEnumerable<YamlNode> Items(this YamlNode? node) => node switch
    {
        null => [],
        YamlSequenceNode sequence => sequence.Children,
        _ => [node],
    };

    /// <summary>The node and everything below it, depth first; nothing for a missing node.</summary>
    public static IEnumerable<YamlNode> Descendants(this YamlNode? node) => node?.AllNodes ?? [];

    public static bool Remove(this YamlNode? node, string key) =>
        node is YamlMappingNode mapping && mapping.Children.Remove(new YamlScalarNode(key));

    public static void Set(this YamlNode? node, string key, YamlNode value) =>
        ((YamlMappingNode)(node ?? throw new InvalidOperationException($"No mapping to set '{key}' in."))).Children[
            new YamlScalarNode(key)] = value;
}
