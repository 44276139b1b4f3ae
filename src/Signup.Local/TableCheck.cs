using System.Globalization;
using Amazon.DynamoDBv2;
using Amazon.Runtime;
using Signup.DynamoDb;
using Signup.Local.Storage;
using Signup.Local.Template;

namespace Signup.Local;

/// <summary>Settings of <c>Signup.Local check</c>.</summary>
internal sealed record TableCheckOptions
{
    /// <summary>Port of a running DynamoDB Local on 127.0.0.1, or null to start one on <see cref="DataDirectory"/>.</summary>
    public int? DynamoDbPort { get; init; }

    /// <summary>SAM template that names the users table, or null for <c>template.yaml</c> in the checkout.</summary>
    public string? TemplatePath { get; init; }

    /// <summary>Data directory of the persisted stack, or null for <c>.data/dynamodb</c> in the checkout.</summary>
    public string? DataDirectory { get; init; }

    /// <summary>Checkout that contains the template and <c>node_modules</c>, or null to find it.</summary>
    public string? RepositoryRoot { get; init; }
}

/// <summary>
/// The <c>check</c> command: scans the users table of the local stack with <see cref="TableConsistencyChecker"/>,
/// writes one line per problem and a summary line, and returns the exit code: 0 when the table is consistent, 1
/// when problems were found, 2 when the check could not run.
/// </summary>
internal static class TableCheck
{
    public const int Consistent = 0;
    public const int ProblemsFound = 1;
    public const int Failed = 2;

    // The name DynamoDbLocal gives the pid file it writes into a data directory.
    private const string PidFileName = "dynamodb-local.pid";

    private const string UsersTableId = "UsersTable";

    public static async Task<int> RunAsync(
        TableCheckOptions options,
        TextWriter output,
        TextWriter error,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        try
        {
            var root = Path.GetFullPath(options.RepositoryRoot ?? RepositoryRoot.Find());
            var configuration = TemplateReader.ReadFile(options.TemplatePath ?? Path.Combine(root, "template.yaml"));
            var table = FindUsersTable(configuration);
            if (options.DynamoDbPort is { } port)
            {
                using var client = CreateClient(new Uri($"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}"));
                return await CheckAsync(client, table.TableName, output, cancellationToken).ConfigureAwait(false);
            }

            var dataDirectory = Path.GetFullPath(options.DataDirectory ?? Path.Combine(root, ".data", "dynamodb"));
            if (!Directory.Exists(dataDirectory))
            {
                throw new InvalidOperationException(
                    $"There is no data directory {dataDirectory}; start the stack with ./run to create it.");
            }

            RejectIfInUse(dataDirectory);
            await using var dynamoDb = await DynamoDbLocal.StartAsync(
                    new DynamoDbLocalOptions { RepositoryRoot = root, DataDirectory = dataDirectory },
                    cancellationToken)
                .ConfigureAwait(false);
            using (var client = CreateClient(new Uri(dynamoDb.ServiceUrl)))
            {
                return await CheckAsync(client, table.TableName, output, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Exception exception) when (exception is TemplateException or InvalidOperationException or IOException
                                              or TimeoutException or AmazonServiceException or AmazonClientException
                                              or HttpRequestException)
        {
            error.WriteLine($"error: {exception.Message}");
            return Failed;
        }
    }

    private static async Task<int> CheckAsync(
        IAmazonDynamoDB client,
        string tableName,
        TextWriter output,
        CancellationToken cancellationToken)
    {
        var items = await TableConsistencyChecker.ScanAllAsync(client, tableName, cancellationToken).ConfigureAwait(false);
        var problems = TableConsistencyChecker.Check(items);
        foreach (var problem in problems)
        {
            output.WriteLine(problem);
        }

        var users = items.Count(item =>
            item.TryGetValue(UsersTable.PartitionKey, out var key)
            && key.S?.StartsWith(UsersTable.UserPrefix, StringComparison.Ordinal) == true);
        var verdict = problems.Count == 0 ? "no problems" : Count(problems.Count, "problem");
        output.WriteLine($"users table: {Count(users, "user")}, {Count(items.Count, "item")}, {verdict}");
        return problems.Count == 0 ? Consistent : ProblemsFound;
    }

    private static string Count(int count, string noun) =>
        string.Create(CultureInfo.InvariantCulture, $"{count} {noun}{(count == 1 ? "" : "s")}");

    private static TableDefinition FindUsersTable(LocalStackConfiguration configuration)
    {
        var tables = configuration.Tables;
        return tables.SingleOrDefault(table => table.LogicalId == UsersTableId)
            ?? (tables.Count == 1
                ? tables[0]
                : throw new InvalidOperationException(
                    $"The template has {tables.Count} tables and none named {UsersTableId}; the users table is unknown."));
    }

    // Starting DynamoDB Local on a directory stops the instance recorded there, which would take the database away
    // from a running stack. The recorded process is looked up in /proc, so elsewhere than Linux nothing is detected.
    private static void RejectIfInUse(string dataDirectory)
    {
        var pidFile = Path.Combine(dataDirectory, PidFileName);
        if (!File.Exists(pidFile)
            || !int.TryParse(File.ReadAllText(pidFile).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
        {
            return;
        }

        string[] arguments;
        try
        {
            arguments = File.ReadAllText(Path.Combine("/proc", pid.ToString(CultureInfo.InvariantCulture), "cmdline"))
                .Split('\0');
        }
        catch (IOException)
        {
            return;
        }

        if (!arguments.Any(argument => argument.EndsWith("DynamoDBLocal.jar", StringComparison.Ordinal))
            || !arguments.Contains(dataDirectory, StringComparer.Ordinal))
        {
            return;
        }

        var portIndex = Array.IndexOf(arguments, "-port");
        var port = portIndex >= 0 && portIndex + 1 < arguments.Length ? arguments[portIndex + 1] : "PORT";
        throw new InvalidOperationException(
            $"DynamoDB Local (process {pid}) is using {dataDirectory}, so a stack is probably running. Check that "
            + $"stack's table with `./run check --dynamodb-port {port}`, or stop the stack and run `./run check` again.");
    }

    // A scan page can take longer than the function's 2-second request timeout on a large table.
    private static AmazonDynamoDBClient CreateClient(Uri serviceUrl)
    {
        var config = DynamoDbClientFactory.CreateConfig(name => name == DynamoDbClientFactory.EndpointVariable
            ? serviceUrl.ToString()
            : null);
        config.Timeout = TimeSpan.FromSeconds(30);
        config.MaxErrorRetry = 3;
        return new AmazonDynamoDBClient(config);
    }
}
