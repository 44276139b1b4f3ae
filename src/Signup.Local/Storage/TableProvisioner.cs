using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Signup.Local.Template;
using AttributeDefinition = Amazon.DynamoDBv2.Model.AttributeDefinition;
using KeySchemaElement = Amazon.DynamoDBv2.Model.KeySchemaElement;

namespace Signup.Local.Storage;

/// <summary>Creates the template's tables in DynamoDB Local, keeping tables that already exist.</summary>
internal static class TableProvisioner
{
    /// <summary>Creates <paramref name="table"/> unless it exists; returns true when this call created it.</summary>
    public static async Task<bool> CreateIfAbsentAsync(
        IAmazonDynamoDB client, TableDefinition table, CancellationToken cancellationToken)
    {
        var request = new CreateTableRequest
        {
            TableName = table.TableName,
            KeySchema = table.KeySchema.Select(key => new KeySchemaElement(key.AttributeName, key.KeyType)).ToList(),
            AttributeDefinitions = table.AttributeDefinitions
                .Select(attribute => new AttributeDefinition(attribute.AttributeName, attribute.AttributeType))
                .ToList(),
            BillingMode = table.BillingMode,
        };
        if (table.BillingMode != BillingMode.PAY_PER_REQUEST)
        {
            // DynamoDB Local ignores capacity, but the API requires it for provisioned tables.
            request.ProvisionedThroughput = new ProvisionedThroughput(5, 5);
        }

        try
        {
            await client.CreateTableAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (ResourceInUseException)
        {
            // Kept from an earlier run of a persisted stack.
            return false;
        }

        if (table.TimeToLiveAttribute is { } attribute)
        {
            await client.UpdateTimeToLiveAsync(
                    new UpdateTimeToLiveRequest
                    {
                        TableName = table.TableName,
                        TimeToLiveSpecification = new TimeToLiveSpecification { AttributeName = attribute, Enabled = true },
                    },
                    cancellationToken)
                .ConfigureAwait(false);
        }

        return true;
    }
}
