namespace Signup.Lambda.Tests;

public sealed class LambdaErrorTests
{
    [Fact]
    public void FromException_ThrownWithInner_DescribesBoth()
    {
        var exception = Capture(() => Outer());

        var error = LambdaError.FromException(exception);
        var frames = error.StackTrace ?? [];

        Assert.Equal("InvalidOperationException", error.ErrorType);
        Assert.Equal("Outer failure", error.ErrorMessage);
        Assert.Contains(frames, frame => frame.Contains(nameof(Outer), StringComparison.Ordinal));
        Assert.Contains("---> FormatException: Inner failure", frames);
        Assert.Contains(frames, frame => frame.Contains(nameof(Inner), StringComparison.Ordinal));
        Assert.All(frames, frame => Assert.Equal(frame.Trim(), frame));
        Assert.DoesNotContain("", frames);
    }

    [Fact]
    public void FromException_NeverThrown_HasEmptyStackTrace()
    {
        var error = LambdaError.FromException(new TimeoutException("Not thrown"));

        Assert.Equal("TimeoutException", error.ErrorType);
        Assert.Equal("Not thrown", error.ErrorMessage);
        Assert.Empty(error.StackTrace ?? ["missing"]);
    }

    private static Exception Capture(Action action)
    {
        try
        {
            action();
        }
        catch (InvalidOperationException e)
        {
            return e;
        }

        throw new InvalidOperationException("The action did not throw.");
    }

    private static void Outer()
    {
        try
        {
            Inner();
        }
        catch (FormatException e)
        {
            throw new InvalidOperationException("Outer failure", e);
        }
    }

    private static void Inner() => throw new FormatException("Inner failure");
}
