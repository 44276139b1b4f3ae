using System.Text.RegularExpressions;

namespace Signup.Core.Tests;

public partial class RegistrationErrorsTests
{
    public static TheoryData<string> Codes => new(RegistrationErrors.All.Select(e => e.Code));

    [Fact]
    public void All_CodesAreUnique()
    {
        Assert.Equal(RegistrationErrors.All.Count, RegistrationErrors.All.Select(e => e.Code).Distinct().Count());
    }

    [Fact]
    public void All_ListsEveryProperty()
    {
        var properties = typeof(RegistrationErrors).GetProperties()
            .Where(p => p.PropertyType == typeof(FieldError))
            .Select(p => (FieldError)p.GetValue(null)!);

        Assert.Equal(properties.ToHashSet(), RegistrationErrors.All.ToHashSet());
    }

    [Theory]
    [MemberData(nameof(Codes))]
    public void Code_IsSnakeCaseWithFieldPrefix(string code)
    {
        var error = RegistrationErrors.All.Single(e => e.Code == code);

        Assert.Matches(SnakeCase(), code);
        Assert.StartsWith(error.Field + "_", code, StringComparison.Ordinal);
        Assert.False(string.IsNullOrWhiteSpace(error.Message));
    }

    [Theory]
    [MemberData(nameof(Codes))]
    public void Code_DocumentedWithMessageInRulesDoc(string code)
    {
        var error = RegistrationErrors.All.Single(e => e.Code == code);
        var doc = File.ReadAllText(FindRulesDoc());

        Assert.Contains($"`{code}`", doc, StringComparison.Ordinal);
        Assert.Contains(error.Message.Replace("|", "\\|", StringComparison.Ordinal), doc, StringComparison.Ordinal);
    }

    private static string FindRulesDoc()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, "docs", "rules.md");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException("docs/rules.md not found above " + AppContext.BaseDirectory);
    }

    [GeneratedRegex("^[a-z]+(_[a-z]+)+$")]
    private static partial Regex SnakeCase();
}
