using Signup.Local.Template;

namespace Signup.Local.Tests;

public sealed class TemplateReaderRealTemplateTests
{
    private readonly LocalStackConfiguration _configuration = TemplateReader.ReadFile(TestPaths.Template);

    [Fact]
    public void Table_UsersTable_ReadsKeySchemaAndBilling()
    {
        var table = Assert.Single(_configuration.Tables);

        Assert.Equal("UsersTable", table.LogicalId);
        Assert.Equal("UsersTable", table.TableName);
        Assert.Equal(new KeySchemaElement("pk", "HASH"), Assert.Single(table.KeySchema));
        Assert.Equal(new AttributeDefinition("pk", "S"), Assert.Single(table.AttributeDefinitions));
        Assert.Equal("PAY_PER_REQUEST", table.BillingMode);
        Assert.Equal("expiresAt", table.TimeToLiveAttribute);
    }

    [Fact]
    public void Function_CreateUser_ReadsRuntimeSettings()
    {
        var function = _configuration.GetFunction("CreateUserFunction");

        Assert.Equal("bootstrap", function.Handler);
        Assert.Equal("provided.al2023", function.Runtime);
        Assert.Equal(1024, function.MemorySize);
        Assert.Equal(TimeSpan.FromSeconds(10), function.Timeout);
        Assert.Equal(10, function.ReservedConcurrency);
        Assert.Equal("JSON", function.LogFormat);
    }

    [Theory]
    [InlineData("USERS_TABLE", "UsersTable")]
    [InlineData("ARGON2_MEMORY_KIB", "19456")]
    [InlineData("ARGON2_ITERATIONS", "2")]
    [InlineData("ARGON2_PARALLELISM", "1")]
    public void Function_Environment_ResolvesReferences(string name, string expected)
    {
        var function = _configuration.GetFunction("CreateUserFunction");

        Assert.Equal(expected, function.Environment[name]);
    }

    [Fact]
    public void HttpApi_Route_CreateUserPost()
    {
        var api = Assert.Single(_configuration.HttpApis);
        var route = Assert.Single(api.Routes);

        Assert.Equal("HttpApi", api.LogicalId);
        Assert.Equal("POST /createUser", route.RouteKey);
        Assert.Equal("CreateUserFunction", route.FunctionLogicalId);
        Assert.Equal("2.0", route.PayloadFormatVersion);
        Assert.Equal(TimeSpan.FromSeconds(30), route.IntegrationTimeout);
    }

    [Fact]
    public void HttpApi_Cors_SplitsOriginListParameter()
    {
        var cors = Assert.Single(_configuration.HttpApis).Cors;

        Assert.NotNull(cors);
        Assert.Equal(["https://example.com"], cors.AllowOrigins);
        Assert.Equal(["POST"], cors.AllowMethods);
        Assert.Equal(["content-type", "idempotency-key"], cors.AllowHeaders);
        Assert.Equal(["apigw-requestid", "retry-after"], cors.ExposeHeaders);
        Assert.Equal(600, cors.MaxAge);
        Assert.False(cors.AllowCredentials);
    }

    [Fact]
    public void HttpApi_DefaultRouteSettings_ReadsThrottling()
    {
        var throttle = Assert.Single(_configuration.HttpApis).DefaultThrottle;

        Assert.Equal(new ThrottleSettings(50, 100), throttle);
    }

    [Fact]
    public void HttpApi_ApiId_IsTenLowerCaseCharacters()
    {
        var apiId = Assert.Single(_configuration.HttpApis).ApiId;

        Assert.Matches("^[a-z0-9]{10}$", apiId);
    }

    [Fact]
    public void Parameters_Defaults_AreExposed()
    {
        Assert.Equal("50", _configuration.Parameters["StageThrottlingRateLimit"]);
        Assert.Equal("https://example.com", _configuration.Parameters["CorsAllowedOrigins"]);
    }

    [Fact]
    public void Read_RealTemplate_HasNoWarnings()
    {
        Assert.Empty(_configuration.Warnings);
    }

    [Fact]
    public void Read_ParameterOverride_ReplacesDefault()
    {
        var options = new TemplateReaderOptions
        {
            ParameterOverrides = new Dictionary<string, string>
            {
                ["CorsAllowedOrigins"] = "https://a.example, https://b.example",
                ["FunctionReservedConcurrency"] = "3",
            },
        };

        var configuration = TemplateReader.ReadFile(TestPaths.Template, options);

        Assert.Equal(["https://a.example", "https://b.example"], configuration.HttpApis[0].Cors!.AllowOrigins);
        Assert.Equal(3, configuration.Functions[0].ReservedConcurrency);
    }

    [Fact]
    public void Read_ConfiguredTableName_ReachesEnvironment()
    {
        var options = new TemplateReaderOptions
        {
            TableNames = new Dictionary<string, string> { ["UsersTable"] = "users" },
        };

        var configuration = TemplateReader.ReadFile(TestPaths.Template, options);

        Assert.Equal("users", configuration.Tables[0].TableName);
        Assert.Equal("users", configuration.Functions[0].Environment["USERS_TABLE"]);
    }
}
