using Amazon.DynamoDBv2.Model;
using Signup.DynamoDb;
using Signup.Local.Storage;
using Signup.Testing;

namespace Signup.Reliability.Tests;

/// <summary>Stopping and restarting DynamoDB Local, which the outage test relies on.</summary>
[Trait("Category", "Integration")]
public sealed class DynamoDbLocalRestartTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task StopAndRestart_SamePortKeepsData()
    {
        var directory = Directory.CreateTempSubdirectory("signup-dynamodb-");
        try
        {
            await using var dynamoDb = await DynamoDbLocal.StartAsync(
                new DynamoDbLocalOptions { DataDirectory = directory.FullName }, Token);
            using var client = dynamoDb.CreateClient();
            await UsersTable.CreateTableIfAbsentAsync(client, "restart", Token);
            await client.PutItemAsync("restart", new() { [UsersTable.PartitionKey] = new AttributeValue("kept") }, Token);
            var port = dynamoDb.Port;

            await dynamoDb.StopAsync();
            var whileStopped = await Record.ExceptionAsync(() => client.ListTablesAsync(Token));
            var wasRunning = dynamoDb.IsRunning;
            await dynamoDb.RestartAsync(cancellationToken: Token);
            var items = await TableContents.ScanAllAsync(client, "restart", Token);

            Assert.False(wasRunning);
            Assert.NotNull(whileStopped);
            Assert.True(dynamoDb.IsRunning);
            Assert.Equal(port, dynamoDb.Port);
            Assert.Equal("kept", Assert.Single(items)[UsersTable.PartitionKey].S);
            await Assert.ThrowsAsync<InvalidOperationException>(() => dynamoDb.RestartAsync(cancellationToken: Token));
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }
}
