namespace Signup.Local.Template;

/// <summary>A template that the local stack cannot use: invalid YAML, a missing property or an unknown reference.</summary>
public sealed class TemplateException : Exception
{
    public TemplateException()
    {
    }

    public TemplateException(string message)
        : base(message)
    {
    }

    public TemplateException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
