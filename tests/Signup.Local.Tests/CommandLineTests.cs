namespace Signup.Local.Tests;

public sealed class CommandLineTests
{
    [Fact]
    public void Parse_NoArguments_UsesRunDefaults()
    {
        var parsed = CommandLine.TryParse([], _ => null, out var options, out var error);

        Assert.True(parsed);
        Assert.Null(error);
        Assert.Equal(8080, options.Port);
        Assert.Equal(0, options.DynamoDbPort);
        Assert.Equal(DynamoDbMode.Persisted, options.DynamoDb);
        Assert.Equal(FunctionMode.Jit, options.FunctionMode);
        Assert.Equal(TimeSpan.FromMinutes(5), options.IdleTimeout);
    }

    [Fact]
    public void Parse_Environment_SetsPorts()
    {
        var environment = new Dictionary<string, string> { ["PORT"] = "9000", ["DYNAMODB_PORT"] = "9001" };

        CommandLine.TryParse([], environment.GetValueOrDefault, out var options, out _);

        Assert.Equal(9000, options.Port);
        Assert.Equal(9001, options.DynamoDbPort);
    }

    [Fact]
    public void Parse_Flags_OverrideEnvironment()
    {
        var environment = new Dictionary<string, string> { ["PORT"] = "9000" };
        string[] args =
        [
            "--port", "9100", "--aot", "--in-memory", "--idle-timeout", "1.5", "--template", "other.yaml",
            "--parameter", "A=1", "--parameter", "B=x=y", "--configuration", "Debug",
        ];

        var parsed = CommandLine.TryParse(args, environment.GetValueOrDefault, out var options, out var error);

        Assert.True(parsed, error);
        Assert.Equal(9100, options.Port);
        Assert.Equal(FunctionMode.Aot, options.FunctionMode);
        Assert.Equal(DynamoDbMode.InMemory, options.DynamoDb);
        Assert.Equal(TimeSpan.FromSeconds(1.5), options.IdleTimeout);
        Assert.Equal(Path.GetFullPath("other.yaml"), options.TemplatePath);
        Assert.Equal("1", options.Template.ParameterOverrides["A"]);
        Assert.Equal("x=y", options.Template.ParameterOverrides["B"]);
        Assert.Equal("Debug", options.Configuration);
    }

    [Fact]
    public void Parse_Function_ChoosesLaunchByExtension()
    {
        CommandLine.TryParse(["--function", "/build/app.dll"], _ => null, out var jit, out _);
        CommandLine.TryParse(["--function", "/build/bootstrap"], _ => null, out var native, out _);

        Assert.Equal(["/build/app.dll"], jit.FunctionLaunch?.Arguments);
        Assert.Equal("/build/bootstrap", native.FunctionLaunch?.FileName);
        Assert.Empty(native.FunctionLaunch!.Arguments);
    }

    [Theory]
    [InlineData(new[] { "--port" }, "needs a value")]
    [InlineData(new[] { "--port", "http" }, "port number")]
    [InlineData(new[] { "--port", "70000" }, "port number")]
    [InlineData(new[] { "--idle-timeout", "0" }, "positive number")]
    [InlineData(new[] { "--parameter", "novalue" }, "NAME=VALUE")]
    [InlineData(new[] { "--verbose" }, "Unknown option")]
    public void Parse_Invalid_ReturnsError(string[] args, string expected)
    {
        var parsed = CommandLine.TryParse(args, _ => null, out _, out var error);

        Assert.False(parsed);
        Assert.Contains(expected, error, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_InvalidEnvironmentPort_ReturnsError()
    {
        var parsed = CommandLine.TryParse([], name => name == "PORT" ? "eighty" : null, out _, out var error);

        Assert.False(parsed);
        Assert.Contains("PORT", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_Help_ReturnsNoError()
    {
        var parsed = CommandLine.TryParse(["--help"], _ => null, out _, out var error);

        Assert.False(parsed);
        Assert.Null(error);
    }

    [Fact]
    public void ParseCheck_NoArguments_StartsOwnDynamoDb()
    {
        var parsed = CommandLine.TryParseCheck([], _ => null, out var options, out var error);

        Assert.True(parsed, error);
        Assert.Null(options.DynamoDbPort);
        Assert.Null(options.TemplatePath);
        Assert.Null(options.DataDirectory);
    }

    [Fact]
    public void ParseCheck_EnvironmentPort_ConnectsToIt()
    {
        var parsed = CommandLine.TryParseCheck([], name => name == "DYNAMODB_PORT" ? "8123" : null, out var options, out var error);

        Assert.True(parsed, error);
        Assert.Equal(8123, options.DynamoDbPort);
    }

    [Fact]
    public void ParseCheck_Flags_OverrideEnvironment()
    {
        var parsed = CommandLine.TryParseCheck(
            ["--dynamodb-port", "8200", "--template", "other.yaml"],
            name => name == "DYNAMODB_PORT" ? "8123" : null,
            out var options,
            out var error);

        Assert.True(parsed, error);
        Assert.Equal(8200, options.DynamoDbPort);
        Assert.Equal(Path.GetFullPath("other.yaml"), options.TemplatePath);
    }

    [Theory]
    [InlineData(new[] { "--dynamodb-port" }, "needs a value")]
    [InlineData(new[] { "--dynamodb-port", "0" }, "from 1 to 65535")]
    [InlineData(new[] { "--dynamodb-port", "65536" }, "from 1 to 65535")]
    [InlineData(new[] { "--port", "8080" }, "Unknown option '--port' for check")]
    [InlineData(new[] { "--in-memory" }, "Unknown option")]
    public void ParseCheck_Invalid_ReturnsError(string[] args, string expected)
    {
        var parsed = CommandLine.TryParseCheck(args, _ => null, out _, out var error);

        Assert.False(parsed);
        Assert.Contains(expected, error, StringComparison.Ordinal);
    }

    [Fact]
    public void ParseCheck_InvalidEnvironmentPort_ReturnsError()
    {
        var parsed = CommandLine.TryParseCheck([], name => name == "DYNAMODB_PORT" ? "dynamo" : null, out _, out var error);

        Assert.False(parsed);
        Assert.Contains("DYNAMODB_PORT", error, StringComparison.Ordinal);
    }

    [Fact]
    public void ParseCheck_Help_ReturnsNoError()
    {
        var parsed = CommandLine.TryParseCheck(["--help"], _ => null, out _, out var error);

        Assert.False(parsed);
        Assert.Null(error);
    }

    [Fact]
    public void Usage_DescribesCheck()
    {
        Assert.Contains("Signup.Local check", CommandLine.Usage, StringComparison.Ordinal);
        Assert.Contains("--dynamodb-port N", CommandLine.Usage, StringComparison.Ordinal);
    }
}
