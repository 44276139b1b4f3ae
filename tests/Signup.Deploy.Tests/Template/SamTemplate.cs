using Signup.Testing;
using YamlDotNet.RepresentationModel;

namespace Signup.Deploy.Tests.Template;

/// <summary>
/// An AWS SAM template as a YAML node tree. CloudFormation's short-form functions (<c>!Ref</c>, <c>!GetAtt</c>,
/// <c>!Sub</c>, <c>!If</c> …) stay as node tags, so a check can tell a literal from a reference. The tree is
/// mutable, which lets a test break a copy on purpose.
/// </summary>
internal sealed class SamTemplate
{
    private SamTemplate(YamlMappingNode root) => Root = root;

    public YamlMappingNode Root { get; }

    /// <summary>Logical id and body of every resource, in file order.</summary>
    public IEnumerable<(string Id, YamlMappingNode Body)> Resources =>
        Root.Child("Resources") is YamlMappingNode resources
            ? resources.Children.Select(entry => (entry.Key.Text() ?? "", (YamlMappingNode)entry.Value))
            : [];

    public static SamTemplate Load(string path)
    {
        using var reader = new StreamReader(path);
        var stream = new YamlStream();
        stream.Load(reader);
        return new SamTemplate((YamlMappingNode)stream.Documents[0].RootNode);
    }

    /// <summary>Loads the repository's <c>template.yaml</c>, a fresh tree on every call.</summary>
    public static SamTemplate LoadRepositoryTemplate() => Load(Path.Combine(RepositoryRoot.Find(), "template.yaml"));

    public IEnumerable<(string Id, YamlMappingNode Body)> ResourcesOfType(string type) =>
        Resources.Where(resource => resource.Body.Child("Type").Text() == type);

    public YamlMappingNode Resource(string id) =>
        Resources.SingleOrDefault(resource => resource.Id == id).Body
        ?? throw new InvalidOperationException($"template.yaml has no resource '{id}'.");
}
