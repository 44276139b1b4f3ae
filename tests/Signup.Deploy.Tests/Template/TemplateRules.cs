using System.Text.Json;
using YamlDotNet.RepresentationModel;

namespace Signup.Deploy.Tests.Template;

/// <summary>
/// The production rules that template.yaml must keep: least-privilege IAM, bounded log retention, a protected
/// users table, traced functions and a throttled, access-logged API. <see cref="Check"/> returns every violation
/// so a test can show all of them at once.
/// </summary>
internal static class TemplateRules
{
    public const string NoWildcardAction = "no-wildcard-action";
    public const string NoWildcardResource = "no-wildcard-resource";
    public const string NoManagedPolicy = "no-managed-policy";
    public const string LogRetention = "log-retention";
    public const string TableProtection = "table-protection";
    public const string FunctionTracing = "function-tracing";
    public const string FunctionLogging = "function-logging";
    public const string ApiThrottling = "api-throttling";
    public const string ApiAccessLog = "api-access-log";
    public const string TransactionCondition = "transaction-condition";
    public const string TableReads = "table-reads";

    /// <summary>
    /// Actions that support no resource-level permissions, so AWS requires <c>Resource: '*'</c> for them. A statement
    /// that allows only these may use a wildcard resource.
    /// </summary>
    public static readonly IReadOnlySet<string> ResourceWildcardActions =
        new HashSet<string>(StringComparer.Ordinal) { "xray:PutTraceSegments", "xray:PutTelemetryRecords" };

    private const string UsersTableId = "UsersTable";

    public static IReadOnlyList<RuleViolation> Check(SamTemplate template)
    {
        ArgumentNullException.ThrowIfNull(template);
        return
        [
            .. CheckPolicyStatements(template),
            .. CheckManagedPolicies(template),
            .. CheckLogGroups(template),
            .. CheckTables(template),
            .. CheckFunctions(template),
            .. CheckHttpApis(template),
            .. CheckTableStatements(template),
        ];
    }

    /// <summary>Every IAM statement in the template: role policies, bucket policies and any other policy document.</summary>
    public static IEnumerable<(string ResourceId, YamlMappingNode Statement)> PolicyStatements(SamTemplate template) =>
        from resource in template.Resources
        from node in resource.Body.Descendants()
        where node.Child("Statement") is not null
        from statement in node.Child("Statement").Items().OfType<YamlMappingNode>()
        select (resource.Id, statement);

    private static IEnumerable<RuleViolation> CheckPolicyStatements(SamTemplate template)
    {
        foreach (var (id, statement) in PolicyStatements(template))
        {
            var sid = statement.Child("Sid").Text() ?? "(no Sid)";
            var location = $"{id} statement {sid}";
            if (statement.Child("NotAction") is not null)
            {
                yield return new(NoWildcardAction, location, "NotAction allows every action but the listed ones.");
            }

            var actions = statement.Child("Action").Items().Select(action => action.Text() ?? "").ToList();
            foreach (var action in actions.Where(action => action.Contains('*', StringComparison.Ordinal)))
            {
                yield return new(NoWildcardAction, location, $"action '{action}' contains a wildcard.");
            }

            if (statement.Child("NotResource") is not null)
            {
                yield return new(NoWildcardResource, location, "NotResource applies to every resource but the listed ones.");
            }

            var wildcardResources = statement.Child("Resource").Items()
                .Where(resource => resource.Function() is null && (resource.Text() ?? "").Contains('*', StringComparison.Ordinal))
                .Select(resource => resource.Text())
                .ToList();
            var onlyExemptActions = actions.Count > 0 && actions.All(ResourceWildcardActions.Contains);
            foreach (var resource in wildcardResources)
            {
                if (!(onlyExemptActions && resource == "*"))
                {
                    yield return new(
                        NoWildcardResource,
                        location,
                        $"resource '{resource}' contains a wildcard, and only {string.Join(", ", ResourceWildcardActions)} "
                        + "may use Resource '*'.");
                }
            }
        }
    }

    private static IEnumerable<RuleViolation> CheckManagedPolicies(SamTemplate template)
    {
        // Managed policies and SAM policy templates grant actions that this file does not list, so the wildcard
        // checks above could not see them.
        foreach (var (id, function) in template.ResourcesOfType("AWS::Serverless::Function"))
        {
            if (function.Path("Properties", "Policies") is not null)
            {
                yield return new(NoManagedPolicy, id, "Policies adds SAM-managed permissions; give the function an explicit Role.");
            }

            if (function.Path("Properties", "Role") is null)
            {
                yield return new(NoManagedPolicy, id, "without Role, SAM creates a role with managed policies.");
            }
        }

        foreach (var (id, role) in template.ResourcesOfType("AWS::IAM::Role"))
        {
            if (role.Path("Properties", "ManagedPolicyArns") is not null)
            {
                yield return new(NoManagedPolicy, id, "ManagedPolicyArns grants permissions not listed in the template.");
            }
        }
    }

    private static IEnumerable<RuleViolation> CheckLogGroups(SamTemplate template)
    {
        var logGroups = template.ResourcesOfType("AWS::Logs::LogGroup").Select(group => group.Id).ToHashSet(StringComparer.Ordinal);
        foreach (var (id, group) in template.ResourcesOfType("AWS::Logs::LogGroup"))
        {
            if (group.Path("Properties", "RetentionInDays") is null)
            {
                yield return new(LogRetention, id, "RetentionInDays is missing, so CloudWatch Logs keeps the logs forever.");
            }
        }

        // A function or API that logs to a group outside the template would get one without retention.
        foreach (var (id, function) in template.ResourcesOfType("AWS::Serverless::Function"))
        {
            var target = function.Path("Properties", "LoggingConfig", "LogGroup");
            if (!(target.Function() == "!Ref" && logGroups.Contains(target.Text() ?? "")))
            {
                yield return new(LogRetention, id, "LoggingConfig.LogGroup must !Ref a log group of this template.");
            }
        }

        foreach (var (id, api) in template.ResourcesOfType("AWS::Serverless::HttpApi"))
        {
            var target = api.Path("Properties", "AccessLogSettings", "DestinationArn");
            if (!(target.Function() == "!GetAtt" && logGroups.Contains((target.Text() ?? "").Split('.')[0])))
            {
                yield return new(LogRetention, id, "AccessLogSettings.DestinationArn must !GetAtt a log group of this template.");
            }
        }
    }

    private static IEnumerable<RuleViolation> CheckTables(SamTemplate template)
    {
        foreach (var (id, table) in template.ResourcesOfType("AWS::DynamoDB::Table"))
        {
            var properties = table.Child("Properties");
            var expectations = new (string Description, bool Holds)[]
            {
                ("point-in-time recovery enabled",
                    properties.Path("PointInTimeRecoverySpecification", "PointInTimeRecoveryEnabled").Text() == "true"),
                ("server-side encryption enabled", properties.Path("SSESpecification", "SSEEnabled").Text() == "true"),
                ("deletion protection enabled", properties.Child("DeletionProtectionEnabled").Text() == "true"),
                ("on-demand billing (PAY_PER_REQUEST)", properties.Child("BillingMode").Text() == "PAY_PER_REQUEST"),
                ("TTL on attribute expiresAt",
                    properties.Path("TimeToLiveSpecification", "AttributeName").Text() == "expiresAt"
                    && properties.Path("TimeToLiveSpecification", "Enabled").Text() == "true"),
                ("DeletionPolicy Retain", table.Child("DeletionPolicy").Text() == "Retain"),
                ("UpdateReplacePolicy Retain", table.Child("UpdateReplacePolicy").Text() == "Retain"),
            };
            foreach (var (description, holds) in expectations.Where(expectation => !expectation.Holds))
            {
                yield return new(TableProtection, id, $"expected {description}.");
            }
        }
    }

    private static IEnumerable<RuleViolation> CheckFunctions(SamTemplate template)
    {
        foreach (var (id, function) in template.ResourcesOfType("AWS::Serverless::Function"))
        {
            var properties = function.Child("Properties");
            if (properties.Child("Tracing").Text() != "Active")
            {
                yield return new(FunctionTracing, id, "Tracing must be Active.");
            }

            if (properties.Path("LoggingConfig", "LogFormat").Text() != "JSON")
            {
                yield return new(FunctionLogging, id, "LoggingConfig.LogFormat must be JSON.");
            }

            if (properties.Child("Timeout") is null || properties.Child("MemorySize") is null)
            {
                yield return new(FunctionLogging, id, "Timeout and MemorySize must be set, not left to defaults.");
            }

            if (properties.Child("ReservedConcurrentExecutions").Function() != "!Ref")
            {
                yield return new(ApiThrottling, id, "ReservedConcurrentExecutions must !Ref a parameter.");
            }
        }
    }

    private static IEnumerable<RuleViolation> CheckHttpApis(SamTemplate template)
    {
        var parameters = template.Root.Child("Parameters") as YamlMappingNode;
        foreach (var (id, api) in template.ResourcesOfType("AWS::Serverless::HttpApi"))
        {
            var routeSettings = api.Path("Properties", "DefaultRouteSettings");
            foreach (var limit in new[] { "ThrottlingRateLimit", "ThrottlingBurstLimit" })
            {
                var value = routeSettings.Child(limit);
                if (!(value.Function() == "!Ref" && parameters.Child(value.Text() ?? "") is not null))
                {
                    yield return new(ApiThrottling, id, $"DefaultRouteSettings.{limit} must !Ref a parameter.");
                }
            }

            var format = api.Path("Properties", "AccessLogSettings", "Format").Text();
            if (!IsJsonOfContextVariables(format))
            {
                yield return new(ApiAccessLog, id, "AccessLogSettings.Format must be a JSON object of $context variables.");
            }
        }
    }

    private static bool IsJsonOfContextVariables(string? format)
    {
        if (string.IsNullOrEmpty(format))
        {
            return false;
        }

        try
        {
            using var document = JsonDocument.Parse(format);
            var fields = document.RootElement.EnumerateObject().ToList();
            return fields.Count > 0 && fields.All(field =>
                field.Value.ValueKind == JsonValueKind.String
                && field.Value.GetString()!.StartsWith("$context.", StringComparison.Ordinal));
        }
        catch (JsonException)
        {
            return false;
        }
    }

    // The function may put items only inside TransactWriteItems and read them only with GetItem, both on the users
    // table itself. Every DynamoDB statement must be one of those two shapes, and both must be present.
    private static IEnumerable<RuleViolation> CheckTableStatements(SamTemplate template)
    {
        var dynamoStatements = PolicyStatements(template)
            .Where(entry => entry.Statement.Child("Action").Items()
                .Any(action => (action.Text() ?? "").StartsWith("dynamodb:", StringComparison.Ordinal)))
            .ToList();
        if (!dynamoStatements.Any(entry => Actions(entry.Statement) is ["dynamodb:PutItem"]))
        {
            yield return new(TransactionCondition, UsersTableId, "no statement allows dynamodb:PutItem on the table.");
        }

        if (!dynamoStatements.Any(entry => Actions(entry.Statement) is ["dynamodb:GetItem"]))
        {
            yield return new(TableReads, UsersTableId, "no statement allows dynamodb:GetItem on the table.");
        }

        foreach (var (id, statement) in dynamoStatements)
        {
            var location = $"{id} statement {statement.Child("Sid").Text() ?? "(no Sid)"}";
            var actions = Actions(statement);
            var rule = actions.Contains("dynamodb:PutItem") ? TransactionCondition : TableReads;
            if (actions is not (["dynamodb:PutItem"] or ["dynamodb:GetItem"]))
            {
                yield return new(
                    rule,
                    location,
                    $"allows {string.Join(", ", actions)}; a statement allows either dynamodb:PutItem or dynamodb:GetItem.");
            }

            var resource = statement.Child("Resource");
            if (!(resource.Function() == "!GetAtt" && resource.Text() == UsersTableId + ".Arn"))
            {
                yield return new(rule, location, $"Resource must be !GetAtt {UsersTableId}.Arn.");
            }

            if (rule == TransactionCondition
                && statement.Path("Condition", "StringEquals", "dynamodb:EnclosingOperation").Text() != "TransactWriteItems")
            {
                yield return new(
                    TransactionCondition,
                    location,
                    "Condition StringEquals dynamodb:EnclosingOperation: TransactWriteItems is missing, so a plain PutItem "
                    + "could bypass the uniqueness guards.");
            }
        }
    }

    private static List<string?> Actions(YamlMappingNode statement) =>
        statement.Child("Action").Items().Select(action => action.Text()).ToList();
}
