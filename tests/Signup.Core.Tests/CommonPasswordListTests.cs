namespace Signup.Core.Tests;

public class CommonPasswordListTests
{
    [Fact]
    public void Default_HasAtLeastTenThousandEntries()
    {
        Assert.True(CommonPasswordList.Default.Count >= 10_000, $"{CommonPasswordList.Default.Count} entries");
    }

    [Fact]
    public void Embedded_IsStoredCanonical()
    {
        Assert.True(CommonPasswordList.IsCanonical(CommonPasswordList.ReadEmbedded()));
    }

    [Theory]
    [InlineData(new[] { "abc", "abd" }, true)]
    [InlineData(new[] { "abd", "abc" }, false)]
    [InlineData(new[] { "abc", "abc" }, false)]
    [InlineData(new[] { "Abc" }, false)]
    [InlineData(new string[0], true)]
    public void IsCanonical_Cases(string[] entries, bool expected)
    {
        Assert.Equal(expected, CommonPasswordList.IsCanonical(entries));
    }

    [Theory]
    [InlineData("password1234")]
    [InlineData("PASSWORD1234")]
    [InlineData("qwertyuiopasdfghjkl")]
    [InlineData("iloveyou1234")]
    public void Default_CommonPassword_Found(string password)
    {
        Assert.True(CommonPasswordList.Default.Contains(password));
    }

    [Theory]
    [InlineData("correct horse battery staple")]
    [InlineData("Tr0ub4dor&3-and-more")]
    public void Default_UncommonPassword_NotFound(string password)
    {
        Assert.False(CommonPasswordList.Default.Contains(password));
    }

    [Fact]
    public void Contains_IgnoresCase()
    {
        var list = new CommonPasswordList(["Summer2024!!"]);

        Assert.True(list.Contains("summer2024!!"));
        Assert.True(list.Contains("SUMMER2024!!"));
        Assert.False(list.Contains("summer2024!"));
    }
}
