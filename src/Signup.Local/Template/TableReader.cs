using YamlDotNet.RepresentationModel;

namespace Signup.Local.Template;

/// <summary>Reads <c>AWS::DynamoDB::Table</c> and <c>AWS::Serverless::SimpleTable</c> resources.</summary>
internal static class TableReader
{
    /// <summary>
    /// Returns the local table name: the configured one, else a literal <c>TableName</c> property, else the logical
    /// id. A <c>TableName</c> built with intrinsics is not used, because it would need names that are being read.
    /// </summary>
    public static string GetLocalName(string logicalId, YamlMappingNode resource, TemplateReaderOptions options)
    {
        if (options.TableNames.TryGetValue(logicalId, out var configured))
        {
            return configured;
        }

        var properties = TemplateContext.GetRaw(resource, "Properties") as YamlMappingNode;
        return TemplateContext.GetRaw(properties, "TableName") is YamlScalarNode { Value: { Length: > 0 } name } node
            && node.Tag.IsEmpty
                ? name
                : logicalId;
    }

    public static TableDefinition Read(
        TemplateContext context, string logicalId, string type, YamlMappingNode properties, string path)
    {
        var name = context.Resolver.GetResourceRef(logicalId);
        return type == TemplateTypes.SimpleTable
            ? ReadSimpleTable(context, logicalId, name, properties, path)
            : ReadTable(context, logicalId, name, properties, path);
    }

    private static TableDefinition ReadTable(
        TemplateContext context, string logicalId, string name, YamlMappingNode properties, string path)
    {
        var keySchema = new List<KeySchemaElement>();
        if (context.Get(properties, "KeySchema", path) is YamlSequenceNode keys)
        {
            foreach (var key in keys.Children.OfType<YamlMappingNode>())
            {
                keySchema.Add(new KeySchemaElement(
                    Require(context.GetString(key, "AttributeName", path + ".KeySchema"), path, "KeySchema.AttributeName"),
                    Require(context.GetString(key, "KeyType", path + ".KeySchema"), path, "KeySchema.KeyType")));
            }
        }

        if (keySchema.Count == 0)
        {
            throw new TemplateException($"{path}.KeySchema must list the table's partition key.");
        }

        var attributes = new List<AttributeDefinition>();
        if (context.Get(properties, "AttributeDefinitions", path) is YamlSequenceNode definitions)
        {
            foreach (var definition in definitions.Children.OfType<YamlMappingNode>())
            {
                attributes.Add(new AttributeDefinition(
                    Require(context.GetString(definition, "AttributeName", path + ".AttributeDefinitions"), path,
                        "AttributeDefinitions.AttributeName"),
                    Require(context.GetString(definition, "AttributeType", path + ".AttributeDefinitions"), path,
                        "AttributeDefinitions.AttributeType")));
            }
        }

        foreach (var key in keySchema)
        {
            if (!attributes.Any(attribute => attribute.AttributeName == key.AttributeName))
            {
                throw new TemplateException(
                    $"{path}.AttributeDefinitions has no type for key attribute '{key.AttributeName}'.");
            }
        }

        if (context.Get(properties, "GlobalSecondaryIndexes", path) is not null
            || context.Get(properties, "LocalSecondaryIndexes", path) is not null)
        {
            context.Warn($"{path} defines secondary indexes, which the local stack does not create.");
        }

        var ttl = context.GetMapping(properties, "TimeToLiveSpecification", path);
        var ttlEnabled = context.GetBool(ttl, "Enabled", path + ".TimeToLiveSpecification") ?? false;
        return new TableDefinition(
            logicalId,
            name,
            keySchema,
            attributes,
            // CloudFormation's default when BillingMode is left out.
            context.GetString(properties, "BillingMode", path) ?? "PROVISIONED",
            ttlEnabled ? context.GetString(ttl, "AttributeName", path + ".TimeToLiveSpecification") : null);
    }

    private static TableDefinition ReadSimpleTable(
        TemplateContext context, string logicalId, string name, YamlMappingNode properties, string path)
    {
        var primaryKey = context.GetMapping(properties, "PrimaryKey", path);
        var keyName = context.GetString(primaryKey, "Name", path + ".PrimaryKey") ?? "id";
        var keyType = (context.GetString(primaryKey, "Type", path + ".PrimaryKey") ?? "String") switch
        {
            "String" => "S",
            "Number" => "N",
            "Binary" => "B",
            var other => throw new TemplateException(
                $"{path}.PrimaryKey.Type is '{other}'; expected String, Number or Binary."),
        };
        var billing = context.Get(properties, "ProvisionedThroughput", path) is null ? "PAY_PER_REQUEST" : "PROVISIONED";
        return new TableDefinition(
            logicalId, name, [new KeySchemaElement(keyName, "HASH")], [new AttributeDefinition(keyName, keyType)], billing, null);
    }

    private static string Require(string? value, string path, string property) =>
        value ?? throw new TemplateException($"{path}.{property} is missing.");
}
