using System.Globalization;
using Signup.Local.Runtime;

namespace Signup.Local;

/// <summary>Turns the command line and environment of <c>Signup.Local</c> into <see cref="LocalStackOptions"/>.</summary>
internal static class CommandLine
{
    public const string Usage = """
        Usage: Signup.Local [options]
               Signup.Local check [check options]

        Starts Signup's local stack: DynamoDB Local, the function's processes behind a local Lambda Runtime API,
        and the HTTP API gateway that also serves the sign-up page. Stop it with Ctrl-C.

        The check command scans the users table for broken invariants (a user without both guard items, a guard
        item without its user, a key that does not match the stored username or email, an idempotency record
        without its user or expiresAt) and prints one line per problem and a summary. It exits with 0 when the
        table is consistent, 1 when it found problems and 2 when it could not run.

        Options:
          --port N               Gateway port on 127.0.0.1 and ::1 (default: $PORT, else 8080; 0 picks a free port).
          --dynamodb-port N      DynamoDB Local port (default: $DYNAMODB_PORT, else a free port).
          --in-memory            Keep DynamoDB data in memory instead of .data/dynamodb.
          --aot                  Run the Native AOT build (artifacts/aot/bootstrap) instead of the JIT build.
          --function PATH        Run this build of the function: a .dll with dotnet, anything else directly.
          --configuration NAME   Build configuration of the JIT build (default: Release).
          --template PATH        SAM template (default: template.yaml in the checkout).
          --parameter NAME=VALUE Override a template parameter; repeat for several.
          --idle-timeout SECONDS Stop a function process after this long without a request (default: 300).
          --help                 Show this text.

        Check options:
          --dynamodb-port N      Check the DynamoDB Local of a running stack on this port (default: $DYNAMODB_PORT;
                                 when neither is set, start DynamoDB Local on .data/dynamodb, which must not be in
                                 use by a running stack).
          --template PATH        SAM template that defines the users table (default: template.yaml in the checkout).
        """;

    /// <summary>The first argument that selects the check command instead of starting the stack.</summary>
    public const string CheckCommand = "check";

    /// <summary>
    /// Parses the arguments; returns false with an error message, or with a null message for <c>--help</c>.
    /// </summary>
    public static bool TryParse(
        string[] args, Func<string, string?> getEnvironmentVariable, out LocalStackOptions options, out string? error)
    {
        options = new LocalStackOptions { DynamoDb = DynamoDbMode.Persisted };
        error = null;
        var parameters = new Dictionary<string, string>(StringComparer.Ordinal);
        if (!TryParsePort(getEnvironmentVariable("PORT") ?? "8080", "PORT", out var port, ref error)
            || !TryParsePort(getEnvironmentVariable("DYNAMODB_PORT") ?? "0", "DYNAMODB_PORT", out var dynamoDbPort, ref error))
        {
            return false;
        }

        options = options with { Port = port, DynamoDbPort = dynamoDbPort };
        for (var i = 0; i < args.Length; i++)
        {
            var argument = args[i];
            string? value = null;
            if (argument is "--port" or "--dynamodb-port" or "--function" or "--configuration" or "--template"
                or "--parameter" or "--idle-timeout")
            {
                if (i + 1 >= args.Length)
                {
                    error = $"{argument} needs a value.";
                    return false;
                }

                value = args[++i];
            }

            switch (argument)
            {
                case "--help" or "-h":
                    return false;
                case "--port":
                    if (!TryParsePort(value!, argument, out port, ref error))
                    {
                        return false;
                    }

                    options = options with { Port = port };
                    break;
                case "--dynamodb-port":
                    if (!TryParsePort(value!, argument, out dynamoDbPort, ref error))
                    {
                        return false;
                    }

                    options = options with { DynamoDbPort = dynamoDbPort };
                    break;
                case "--in-memory":
                    options = options with { DynamoDb = DynamoDbMode.InMemory };
                    break;
                case "--aot":
                    options = options with { FunctionMode = FunctionMode.Aot };
                    break;
                case "--function":
                    options = options with { FunctionLaunch = FunctionLaunch.FromPath(value!) };
                    break;
                case "--configuration":
                    options = options with { Configuration = value! };
                    break;
                case "--template":
                    options = options with { TemplatePath = Path.GetFullPath(value!) };
                    break;
                case "--parameter":
                    var separator = value!.IndexOf('=', StringComparison.Ordinal);
                    if (separator <= 0)
                    {
                        error = $"--parameter takes NAME=VALUE, not '{value}'.";
                        return false;
                    }

                    parameters[value[..separator]] = value[(separator + 1)..];
                    break;
                case "--idle-timeout":
                    if (!double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) || seconds <= 0)
                    {
                        error = $"--idle-timeout takes a positive number of seconds, not '{value}'.";
                        return false;
                    }

                    options = options with { IdleTimeout = TimeSpan.FromSeconds(seconds) };
                    break;
                default:
                    error = $"Unknown option '{argument}'.";
                    return false;
            }
        }

        options = options with { Template = options.Template with { ParameterOverrides = parameters } };
        return true;
    }

    /// <summary>
    /// Parses the arguments that follow <see cref="CheckCommand"/>; returns false with an error message, or with a
    /// null message for <c>--help</c>.
    /// </summary>
    public static bool TryParseCheck(
        IReadOnlyList<string> args,
        Func<string, string?> getEnvironmentVariable,
        out TableCheckOptions options,
        out string? error)
    {
        options = new TableCheckOptions();
        error = null;
        if (getEnvironmentVariable("DYNAMODB_PORT") is { Length: > 0 } environmentPort)
        {
            if (!TryParseServerPort(environmentPort, "DYNAMODB_PORT", out var port, ref error))
            {
                return false;
            }

            options = options with { DynamoDbPort = port };
        }

        for (var i = 0; i < args.Count; i++)
        {
            var argument = args[i];
            if (argument is "--help" or "-h")
            {
                return false;
            }

            if (argument is not ("--dynamodb-port" or "--template"))
            {
                error = $"Unknown option '{argument}' for {CheckCommand}.";
                return false;
            }

            if (i + 1 >= args.Count)
            {
                error = $"{argument} needs a value.";
                return false;
            }

            var value = args[++i];
            if (argument == "--template")
            {
                options = options with { TemplatePath = Path.GetFullPath(value) };
            }
            else if (TryParseServerPort(value, argument, out var port, ref error))
            {
                options = options with { DynamoDbPort = port };
            }
            else
            {
                return false;
            }
        }

        return true;
    }

    // A port to connect to, so 0 (pick a free port) does not apply.
    private static bool TryParseServerPort(string text, string name, out int port, ref string? error)
    {
        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out port) && port is >= 1 and <= 65535)
        {
            return true;
        }

        error = $"{name} must be the port of a running DynamoDB Local, from 1 to 65535, not '{text}'.";
        return false;
    }

    private static bool TryParsePort(string text, string name, out int port, ref string? error)
    {
        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out port) && port <= 65535)
        {
            return true;
        }

        error = $"{name} must be a port number from 0 to 65535, not '{text}'.";
        return false;
    }
}
