namespace Signup.Deploy.Tests.Template;

/// <summary>One place where the template breaks a deployment rule.</summary>
/// <param name="Rule">One of the <see cref="TemplateRules"/> rule names.</param>
/// <param name="Location">Logical id of the resource, with a detail where useful.</param>
/// <param name="Message">What is wrong, in a sentence.</param>
internal sealed record RuleViolation(string Rule, string Location, string Message)
{
    public override string ToString() => $"[{Rule}] {Location}: {Message}";
}
