using Signup.Testing;
using YamlDotNet.RepresentationModel;

namespace Signup.Deploy.Tests.Template;

public sealed class TemplateRulesTests
{
    public static TheoryData<string, string> Mutations => new()
    {
        { "wildcard action on the function role", TemplateRules.NoWildcardAction },
        { "NotAction on the bucket policy", TemplateRules.NoWildcardAction },
        { "wildcard resource on the table statement", TemplateRules.NoWildcardResource },
        { "wildcard resource beside an X-Ray action", TemplateRules.NoWildcardResource },
        { "managed policy on the role", TemplateRules.NoManagedPolicy },
        { "SAM policies on the function", TemplateRules.NoManagedPolicy },
        { "point-in-time recovery dropped", TemplateRules.TableProtection },
        { "encryption dropped", TemplateRules.TableProtection },
        { "deletion protection off", TemplateRules.TableProtection },
        { "DeletionPolicy Delete", TemplateRules.TableProtection },
        { "retention dropped from the function log group", TemplateRules.LogRetention },
        { "retention dropped from the access log group", TemplateRules.LogRetention },
        { "function logs to the default group", TemplateRules.LogRetention },
        { "tracing PassThrough", TemplateRules.FunctionTracing },
        { "text log format", TemplateRules.FunctionLogging },
        { "burst limit hard-coded", TemplateRules.ApiThrottling },
        { "throttling dropped", TemplateRules.ApiThrottling },
        { "plain-text access log format", TemplateRules.ApiAccessLog },
        { "EnclosingOperation condition dropped", TemplateRules.TransactionCondition },
        { "GetItem added to the table statement", TemplateRules.TransactionCondition },
        { "Scan added to the read statement", TemplateRules.TableReads },
        { "BatchGetItem added to the read statement", TemplateRules.TableReads },
        { "read statement on every table", TemplateRules.TableReads },
        { "read statement on the table's indexes", TemplateRules.TableReads },
        { "read statement dropped", TemplateRules.TableReads },
        { "PutItem added to the read statement", TemplateRules.TransactionCondition },
    };

    [Fact]
    public void Check_RepositoryTemplate_HasNoViolations()
    {
        var violations = TemplateRules.Check(SamTemplate.LoadRepositoryTemplate());

        Assert.True(violations.Count == 0, string.Join('\n', violations));
    }

    [Theory]
    [InlineData("SIGNUP_BENCHMARK_MINIMUM_HASH")]
    [InlineData("SIGNUP_LOCAL_STACK")]
    public void Template_DoesNotSetLocalOnlyVariable(string name)
    {
        // Together these two variables let the function hash below OWASP's minimum; only the local stack sets them.
        var text = File.ReadAllText(Path.Combine(RepositoryRoot.Find(), "template.yaml"));

        Assert.DoesNotContain(name, text, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Mutations))]
    public void Check_MutatedTemplate_ReportsRule(string mutation, string expectedRule)
    {
        var template = SamTemplate.LoadRepositoryTemplate();
        Mutate(template, mutation);

        var violations = TemplateRules.Check(template);

        Assert.Contains(violations, violation => violation.Rule == expectedRule);
    }

    [Fact]
    public void PolicyStatements_OnlyWildcardResource_IsXRay()
    {
        var wildcard = TemplateRules.PolicyStatements(SamTemplate.LoadRepositoryTemplate())
            .Where(entry => entry.Statement.Child("Resource").Items().Any(resource => resource.Text() == "*"))
            .ToList();

        var (resourceId, statement) = Assert.Single(wildcard);
        Assert.Equal("CreateUserFunctionRole", resourceId);
        Assert.Equal(
            ["xray:PutTelemetryRecords", "xray:PutTraceSegments"],
            statement.Child("Action").Items().Select(action => action.Text()).Order(StringComparer.Ordinal));
    }

    private static void Mutate(SamTemplate template, string mutation)
    {
        var role = template.Resource("CreateUserFunctionRole");
        var statements = (YamlSequenceNode)role.Path("Properties", "Policies")!.Items().First().Path("PolicyDocument", "Statement")!;
        var tableStatement = statements.Children.OfType<YamlMappingNode>().Single(s => s.Child("Sid").Text() == "WriteUsersInTransactions");
        var readStatement = statements.Children.OfType<YamlMappingNode>().Single(s => s.Child("Sid").Text() == "ReadUsersByKey");
        var xrayStatement = statements.Children.OfType<YamlMappingNode>().Single(s => s.Child("Sid").Text() == "WriteTraces");
        var table = template.Resource("UsersTable");
        var function = template.Resource("CreateUserFunction");
        var api = template.Resource("HttpApi");

        switch (mutation)
        {
            case "wildcard action on the function role":
                ((YamlSequenceNode)tableStatement.Child("Action")!).Add("dynamodb:*");
                break;
            case "NotAction on the bucket policy":
                var bucketStatement = (YamlMappingNode)template.Resource("SiteBucketPolicy")
                    .Path("Properties", "PolicyDocument", "Statement")!.Items().First();
                bucketStatement.Remove("Action");
                bucketStatement.Set("NotAction", new YamlSequenceNode(new YamlScalarNode("s3:DeleteObject")));
                break;
            case "wildcard resource on the table statement":
                tableStatement.Set("Resource", new YamlScalarNode("*"));
                break;
            case "wildcard resource beside an X-Ray action":
                ((YamlSequenceNode)xrayStatement.Child("Action")!).Add("logs:PutLogEvents");
                break;
            case "managed policy on the role":
                role.Child("Properties").Set(
                    "ManagedPolicyArns",
                    new YamlSequenceNode(new YamlScalarNode("arn:aws:iam::aws:policy/AWSXrayWriteOnlyAccess")));
                break;
            case "SAM policies on the function":
                function.Child("Properties").Set("Policies", new YamlSequenceNode(new YamlScalarNode("AWSXrayWriteOnlyAccess")));
                break;
            case "point-in-time recovery dropped":
                table.Child("Properties").Remove("PointInTimeRecoverySpecification");
                break;
            case "encryption dropped":
                table.Child("Properties").Remove("SSESpecification");
                break;
            case "deletion protection off":
                table.Child("Properties").Set("DeletionProtectionEnabled", new YamlScalarNode("false"));
                break;
            case "DeletionPolicy Delete":
                table.Set("DeletionPolicy", new YamlScalarNode("Delete"));
                break;
            case "retention dropped from the function log group":
                template.Resource("FunctionLogGroup").Child("Properties").Remove("RetentionInDays");
                break;
            case "retention dropped from the access log group":
                template.Resource("ApiAccessLogGroup").Child("Properties").Remove("RetentionInDays");
                break;
            case "function logs to the default group":
                function.Path("Properties", "LoggingConfig").Remove("LogGroup");
                break;
            case "tracing PassThrough":
                function.Child("Properties").Set("Tracing", new YamlScalarNode("PassThrough"));
                break;
            case "text log format":
                function.Path("Properties", "LoggingConfig").Set("LogFormat", new YamlScalarNode("Text"));
                break;
            case "burst limit hard-coded":
                api.Path("Properties", "DefaultRouteSettings").Set("ThrottlingBurstLimit", new YamlScalarNode("100"));
                break;
            case "throttling dropped":
                api.Child("Properties").Remove("DefaultRouteSettings");
                break;
            case "plain-text access log format":
                api.Path("Properties", "AccessLogSettings").Set("Format", new YamlScalarNode("$context.requestId $context.status"));
                break;
            case "EnclosingOperation condition dropped":
                tableStatement.Remove("Condition");
                break;
            case "GetItem added to the table statement":
                ((YamlSequenceNode)tableStatement.Child("Action")!).Add("dynamodb:GetItem");
                break;
            case "Scan added to the read statement":
                ((YamlSequenceNode)readStatement.Child("Action")!).Add("dynamodb:Scan");
                break;
            case "BatchGetItem added to the read statement":
                ((YamlSequenceNode)readStatement.Child("Action")!).Add("dynamodb:BatchGetItem");
                break;
            case "read statement on every table":
                readStatement.Set("Resource", new YamlScalarNode("arn:aws:dynamodb:*:*:table/*"));
                break;
            case "read statement on the table's indexes":
                var indexes = new YamlScalarNode("${UsersTable.Arn}/index/*") { Tag = "!Sub" };
                readStatement.Set("Resource", indexes);
                break;
            case "read statement dropped":
                statements.Children.Remove(readStatement);
                break;
            case "PutItem added to the read statement":
                ((YamlSequenceNode)readStatement.Child("Action")!).Add("dynamodb:PutItem");
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(mutation), mutation, "unknown mutation");
        }
    }
}
