namespace Signup.Core.Tests;

public class GlobalizationCheckTests
{
    [Fact]
    public void Verify_WithIcu_DoesNotThrow()
    {
        var exception = Record.Exception(GlobalizationCheck.Verify);

        Assert.Null(exception);
    }

    [Fact]
    public void Verify_UnderTurkishCulture_DoesNotThrow()
    {
        using var scope = new CultureScope("tr-TR");

        Assert.Null(Record.Exception(GlobalizationCheck.Verify));
    }
}
