namespace Signup.Local.Template;

/// <summary>A DynamoDB table of the template (<c>AWS::DynamoDB::Table</c> or <c>AWS::Serverless::SimpleTable</c>).</summary>
/// <param name="LogicalId">Resource name in the template.</param>
/// <param name="TableName">Name of the table in DynamoDB Local.</param>
/// <param name="KeySchema">Partition key, then the sort key if any.</param>
/// <param name="AttributeDefinitions">Types of the key attributes.</param>
/// <param name="BillingMode"><c>PAY_PER_REQUEST</c> or <c>PROVISIONED</c>.</param>
/// <param name="TimeToLiveAttribute">Attribute that holds the expiry time, when time to live is enabled.</param>
public sealed record TableDefinition(
    string LogicalId,
    string TableName,
    IReadOnlyList<KeySchemaElement> KeySchema,
    IReadOnlyList<AttributeDefinition> AttributeDefinitions,
    string BillingMode,
    string? TimeToLiveAttribute);

/// <summary>One key attribute of a table.</summary>
/// <param name="AttributeName">Attribute name.</param>
/// <param name="KeyType"><c>HASH</c> (partition key) or <c>RANGE</c> (sort key).</param>
public sealed record KeySchemaElement(string AttributeName, string KeyType);

/// <summary>The type of a key attribute.</summary>
/// <param name="AttributeName">Attribute name.</param>
/// <param name="AttributeType"><c>S</c>, <c>N</c> or <c>B</c>.</param>
public sealed record AttributeDefinition(string AttributeName, string AttributeType);
