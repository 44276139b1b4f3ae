using Signup.Local.Template;

namespace Signup.Local.Tests;

public sealed class TemplateReaderInlineTests
{
    private const string FunctionWithEnvironment = """
        Parameters:
          Stage:
            Type: String
            Default: dev
          Origins:
            Type: CommaDelimitedList
            Default: "https://a.example,https://b.example"
        Resources:
          Table:
            Type: AWS::DynamoDB::Table
            Properties:
              KeySchema: [{AttributeName: id, KeyType: HASH}]
              AttributeDefinitions: [{AttributeName: id, AttributeType: S}]
          Fn:
            Type: AWS::Serverless::Function
            Properties:
              Environment:
                Variables:
                  SUB_PLAIN: !Sub 'app-${Stage}-${AWS::Region}'
                  SUB_ESCAPED: !Sub 'literal-${!Stage}'
                  SUB_VARIABLES: !Sub ['${Prefix}/${Table}', {Prefix: !Ref Stage}]
                  SUB_ATTRIBUTE: !Sub '${Table.Arn}'
                  GETATT_SHORT: !GetAtt Table.Arn
                  GETATT_LIST: !GetAtt [Fn, Arn]
                  LONG_REF: {Ref: Stage}
                  LONG_SUB: {"Fn::Sub": "${AWS::AccountId}"}
                  LIST_REF: !Ref Origins
                  NUMBER: 42
                  CONDITIONAL: !If [IsProd, a, b]
        """;

    [Theory]
    [InlineData("SUB_PLAIN", "app-dev-us-east-1")]
    [InlineData("SUB_ESCAPED", "literal-${Stage}")]
    [InlineData("SUB_VARIABLES", "dev/Table")]
    [InlineData("SUB_ATTRIBUTE", "arn:aws:dynamodb:us-east-1:123456789012:table/Table")]
    [InlineData("GETATT_SHORT", "arn:aws:dynamodb:us-east-1:123456789012:table/Table")]
    [InlineData("GETATT_LIST", "arn:aws:lambda:us-east-1:123456789012:function:Fn")]
    [InlineData("LONG_REF", "dev")]
    [InlineData("LONG_SUB", "123456789012")]
    [InlineData("LIST_REF", "https://a.example,https://b.example")]
    [InlineData("NUMBER", "42")]
    public void Environment_Intrinsics_Resolve(string name, string expected)
    {
        var configuration = TemplateReader.Parse(FunctionWithEnvironment);

        Assert.Equal(expected, configuration.GetFunction("Fn").Environment[name]);
    }

    [Fact]
    public void Environment_UnsupportedIntrinsic_IsSkippedWithWarning()
    {
        var configuration = TemplateReader.Parse(FunctionWithEnvironment);

        Assert.DoesNotContain("CONDITIONAL", configuration.GetFunction("Fn").Environment.Keys);
        Assert.Contains(configuration.Warnings, warning => warning.Contains("CONDITIONAL uses !If", StringComparison.Ordinal));
    }

    [Fact]
    public void Function_NoSettings_UsesLambdaDefaults()
    {
        var configuration = TemplateReader.Parse(FunctionWithEnvironment);
        var function = configuration.GetFunction("Fn");

        Assert.Equal(128, function.MemorySize);
        Assert.Equal(TimeSpan.FromSeconds(3), function.Timeout);
        Assert.Null(function.ReservedConcurrency);
        Assert.Equal("Text", function.LogFormat);
    }

    [Fact]
    public void Globals_Function_MergesWithOwnProperties()
    {
        const string Yaml = """
            Globals:
              Function:
                Timeout: 7
                MemorySize: 256
                Environment:
                  Variables:
                    SHARED: global
                    OVERRIDDEN: global
            Resources:
              Fn:
                Type: AWS::Serverless::Function
                Properties:
                  MemorySize: 512
                  Environment:
                    Variables:
                      OVERRIDDEN: own
            """;

        var function = TemplateReader.Parse(Yaml).GetFunction("Fn");

        Assert.Equal(TimeSpan.FromSeconds(7), function.Timeout);
        Assert.Equal(512, function.MemorySize);
        Assert.Equal("global", function.Environment["SHARED"]);
        Assert.Equal("own", function.Environment["OVERRIDDEN"]);
    }

    [Fact]
    public void HttpApiEvent_WithoutApiId_GoesToImplicitApi()
    {
        const string Yaml = """
            Resources:
              Fn:
                Type: AWS::Serverless::Function
                Properties:
                  Events:
                    Get:
                      Type: HttpApi
                      Properties:
                        Path: /items/{id}
                        Method: get
                        TimeoutInMillis: 1500
                    Any:
                      Type: HttpApi
            """;

        var api = Assert.Single(TemplateReader.Parse(Yaml).HttpApis);

        Assert.Equal("ServerlessHttpApi", api.LogicalId);
        Assert.Null(api.Cors);
        Assert.Equal(["GET /items/{id}", "$default"], api.Routes.Select(route => route.RouteKey));
        Assert.Equal(TimeSpan.FromMilliseconds(1500), api.Routes[0].IntegrationTimeout);
    }

    [Fact]
    public void HttpApi_CorsTrue_AllowsEverything()
    {
        const string Yaml = """
            Resources:
              Api:
                Type: AWS::Serverless::HttpApi
                Properties:
                  CorsConfiguration: true
            """;

        var cors = Assert.Single(TemplateReader.Parse(Yaml).HttpApis).Cors;

        Assert.NotNull(cors);
        Assert.Equal(["*"], cors.AllowOrigins);
        Assert.Equal(["*"], cors.AllowMethods);
    }

    [Fact]
    public void HttpApi_RouteSettings_OverrideDefault()
    {
        const string Yaml = """
            Resources:
              Api:
                Type: AWS::Serverless::HttpApi
                Properties:
                  DefaultRouteSettings:
                    ThrottlingRateLimit: 2.5
                    ThrottlingBurstLimit: 5
              Fn:
                Type: AWS::Serverless::Function
                Properties:
                  Events:
                    Post:
                      Type: HttpApi
                      Properties:
                        ApiId: {Ref: Api}
                        Path: /x
                        Method: POST
                        RouteSettings:
                          ThrottlingRateLimit: 1
                          ThrottlingBurstLimit: 1
            """;

        var api = Assert.Single(TemplateReader.Parse(Yaml).HttpApis);

        Assert.Equal(new ThrottleSettings(2.5, 5), api.DefaultThrottle);
        Assert.Equal(new ThrottleSettings(1, 1), Assert.Single(api.Routes).Throttle);
    }

    [Fact]
    public void SimpleTable_PrimaryKey_MapsToKeySchema()
    {
        const string Yaml = """
            Resources:
              Things:
                Type: AWS::Serverless::SimpleTable
                Properties:
                  TableName: things
                  PrimaryKey:
                    Name: thingId
                    Type: Number
            """;

        var table = Assert.Single(TemplateReader.Parse(Yaml).Tables);

        Assert.Equal("things", table.TableName);
        Assert.Equal(new KeySchemaElement("thingId", "HASH"), Assert.Single(table.KeySchema));
        Assert.Equal(new AttributeDefinition("thingId", "N"), Assert.Single(table.AttributeDefinitions));
        Assert.Equal("PAY_PER_REQUEST", table.BillingMode);
    }

    [Theory]
    [InlineData("Resources: {Fn: {Type: AWS::Serverless::Function, Properties: {Environment: {Variables: {A: !Ref Missing}}}}}", "Missing")]
    [InlineData("Resources: {Fn: {Type: AWS::Serverless::Function, Properties: {Timeout: soon}}}", "not an integer")]
    [InlineData("Resources: [a, b]", "no Resources mapping")]
    [InlineData("Resources: {Fn: {Properties: {}}}", "has no Type")]
    [InlineData("Parameters: {P: {Type: String}}\nResources: {Fn: {Type: AWS::Serverless::Function, Properties: {Handler: !Ref P}}}", "no Default")]
    [InlineData("Resources: {Fn: {Type: AWS::Serverless::Function, Properties: {Events: {E: {Type: HttpApi, Properties: {ApiId: !Ref Nope}}}}}}", "Nope")]
    [InlineData("Resources: {T: {Type: AWS::DynamoDB::Table, Properties: {KeySchema: [{AttributeName: id, KeyType: HASH}]}}}", "no type for key")]
    [InlineData("Resources:\n  a: [unclosed", "not valid YAML")]
    public void Parse_InvalidTemplate_Throws(string yaml, string expectedFragment)
    {
        var exception = Assert.Throws<TemplateException>(() => TemplateReader.Parse(yaml));

        Assert.Contains(expectedFragment, exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CreateApiId_SameLogicalId_IsStable()
    {
        Assert.Equal(TemplateReader.CreateApiId("HttpApi"), TemplateReader.CreateApiId("HttpApi"));
        Assert.NotEqual(TemplateReader.CreateApiId("HttpApi"), TemplateReader.CreateApiId("OtherApi"));
    }
}
