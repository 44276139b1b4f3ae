using System.Globalization;
using YamlDotNet.RepresentationModel;

namespace Signup.Local.Template;

/// <summary>
/// Typed access to resolved property values, with the warnings collected while reading. Paths in messages are
/// dotted, such as <c>Resources.MyFunction.Properties.Timeout</c>.
/// </summary>
internal sealed class TemplateContext
{
    private readonly List<string> _warnings = [];

    public TemplateContext(IntrinsicResolver resolver, TemplateReaderOptions options)
    {
        Resolver = resolver;
        Options = options;
    }

    public IntrinsicResolver Resolver { get; }

    public TemplateReaderOptions Options { get; }

    public IReadOnlyList<string> Warnings => _warnings;

    public void Warn(string message) => _warnings.Add(message);

    /// <summary>Returns the unresolved child <paramref name="key"/> of <paramref name="mapping"/>, or null.</summary>
    public static YamlNode? GetRaw(YamlMappingNode? mapping, string key) =>
        mapping is not null && mapping.Children.TryGetValue(new YamlScalarNode(key), out var value) ? value : null;

    /// <summary>
    /// Returns the resolved child <paramref name="key"/>, or null when it is absent or calls an intrinsic function
    /// that the reader does not evaluate; the latter is recorded as a warning.
    /// </summary>
    public YamlNode? Get(YamlMappingNode? mapping, string key, string path)
    {
        if (GetRaw(mapping, key) is not { } raw)
        {
            return null;
        }

        var resolved = Resolver.Resolve(raw);
        if (ReferenceEquals(resolved, IntrinsicResolver.NoValue))
        {
            return null;
        }

        if (IntrinsicResolver.GetUnresolvedIntrinsic(resolved) is { } function)
        {
            Warn($"{path}.{key} uses {function}, which the local stack does not evaluate; the property is ignored.");
            return null;
        }

        return resolved;
    }

    public YamlMappingNode? GetMapping(YamlMappingNode? mapping, string key, string path) =>
        Get(mapping, key, path) switch
        {
            null => null,
            YamlMappingNode child => child,
            var other => throw Invalid(path, key, other, "a mapping"),
        };

    public string? GetString(YamlMappingNode? mapping, string key, string path) =>
        Get(mapping, key, path) switch
        {
            null => null,
            YamlScalarNode scalar => scalar.Value,
            var other => throw Invalid(path, key, other, "a string"),
        };

    public int? GetInt(YamlMappingNode? mapping, string key, string path) =>
        GetString(mapping, key, path) is not { } text
            ? null
            : int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value)
                ? value
                : throw new TemplateException($"{path}.{key} is '{text}', which is not an integer.");

    public double? GetDouble(YamlMappingNode? mapping, string key, string path) =>
        GetString(mapping, key, path) is not { } text
            ? null
            : double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value)
                ? value
                : throw new TemplateException($"{path}.{key} is '{text}', which is not a number.");

    public bool? GetBool(YamlMappingNode? mapping, string key, string path) =>
        GetString(mapping, key, path) is not { } text
            ? null
            : bool.TryParse(text, out var value)
                ? value
                : throw new TemplateException($"{path}.{key} is '{text}', which is not true or false.");

    /// <summary>
    /// Returns a list of strings from a sequence, or from a scalar split on commas, as a <c>Ref</c> to a
    /// comma-separated parameter gives. Items that call unevaluated intrinsics are skipped with a warning.
    /// </summary>
    public IReadOnlyList<string> GetStringList(YamlMappingNode? mapping, string key, string path)
    {
        switch (Get(mapping, key, path))
        {
            case null:
                return [];
            case YamlScalarNode { Value: { } text }:
                return text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
            case YamlSequenceNode sequence:
                var items = new List<string>();
                foreach (var item in sequence.Children)
                {
                    if (item is YamlScalarNode { Value: { } value } && IntrinsicResolver.GetUnresolvedIntrinsic(item) is null)
                    {
                        items.Add(value);
                    }
                    else
                    {
                        Warn($"{path}.{key} has an item that is not a plain string; the item is ignored.");
                    }
                }

                return items;
            case var other:
                throw Invalid(path, key, other, "a list of strings");
        }
    }

    private static TemplateException Invalid(string path, string key, YamlNode node, string expected) =>
        new($"{path}.{key} (line {node.Start.Line}) must be {expected}.");
}
