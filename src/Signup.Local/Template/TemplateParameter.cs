namespace Signup.Local.Template;

/// <summary>A template parameter and its effective value: the override, else the default, else null.</summary>
internal sealed record TemplateParameter(string Name, string Type, string? Value)
{
    /// <summary>Whether <c>Ref</c> gives a list: <c>CommaDelimitedList</c> and the <c>List&lt;...&gt;</c> types.</summary>
    public bool IsList =>
        Type == "CommaDelimitedList" || Type.StartsWith("List<", StringComparison.Ordinal);
}
