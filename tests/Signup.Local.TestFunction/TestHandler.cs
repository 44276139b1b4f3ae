using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Signup.Lambda;
using Signup.Lambda.ApiGateway;

namespace Signup.Local.TestFunction;

/// <summary>
/// Chooses what to do from the request path:
/// <list type="bullet">
/// <item><c>/echo</c> and any path not listed here: a 200 whose body is the event as received.</item>
/// <item><c>/respond</c>: returns the request body, unchanged, as the function's result.</item>
/// <item><c>/sleep?ms=N</c>: blocks N ms, ignoring cancellation, then returns 200.</item>
/// <item><c>/sleep-tree?ms=N&amp;pidFile=P</c>: starts a child <c>sleep</c>, writes its pid to P, then blocks.</item>
/// <item><c>/crash?code=N</c>: <c>Environment.Exit(N)</c>; <c>/failfast</c>: <c>Environment.FailFast</c>.</item>
/// <item><c>/throw</c>: throws, which the runtime reports as an invocation error.</item>
/// <item><c>/pid</c>: the process id; <c>/env?names=A,B</c>: those environment variables.</item>
/// <item><c>/log</c>: writes a line to stdout and one to stderr.</item>
/// <item><c>/big?bytes=N</c>: a result of about N bytes.</item>
/// <item><c>/createUser</c>: 400, the real function's response to an empty request.</item>
/// </list>
/// </summary>
internal static class TestHandler
{
    public static Task<ReadOnlyMemory<byte>> HandleAsync(Invocation invocation, CancellationToken cancellationToken)
    {
        var apiEvent = JsonSerializer.Deserialize(invocation.Body.Span, LambdaJsonContext.Default.ApiGatewayHttpApiV2Request)
            ?? throw new InvalidOperationException("The event is not an HTTP API event.");
        var query = apiEvent.QueryStringParameters ?? new Dictionary<string, string>();
        var path = apiEvent.RawPath ?? "/";
        if (path.StartsWith("/sleep-", StringComparison.Ordinal) && path != "/sleep-tree")
        {
            // Routes such as /sleep-integration sleep too, under another route's settings.
            path = "/sleep";
        }

        ReadOnlyMemory<byte> result = path switch
        {
            "/echo" => Respond(200, Encoding.UTF8.GetString(invocation.Body.Span)),
            "/respond" => Body(apiEvent),
            "/sleep" => Sleep(query),
            "/sleep-tree" => SleepWithChild(query),
            "/crash" => Crash(query),
            "/failfast" => FailFast(),
            "/throw" => throw new InvalidOperationException("The handler failed on purpose."),
            "/pid" => Respond(200, Json(writer => writer.WriteNumber("pid", System.Environment.ProcessId))),
            "/env" => Respond(200, ReadEnvironment(query)),
            "/log" => Log(invocation.RequestId),
            "/big" => Big(query),
            "/createUser" => Respond(400, """{"title":"One or more fields are invalid."}"""),
            _ => Respond(200, Encoding.UTF8.GetString(invocation.Body.Span)),
        };
        return Task.FromResult(result);
    }

    private static byte[] Respond(int status, string body) =>
        Encoding.UTF8.GetBytes(Json(writer =>
        {
            writer.WriteNumber("statusCode", status);
            writer.WriteStartObject("headers");
            writer.WriteString("content-type", "application/json");
            writer.WriteEndObject();
            writer.WriteString("body", body);
            writer.WriteBoolean("isBase64Encoded", false);
        }));

    private static byte[] Body(ApiGatewayHttpApiV2Request apiEvent) =>
        apiEvent.TryDecodeBody(out var content) ? content : throw new InvalidOperationException("Invalid body.");

    private static byte[] Sleep(IDictionary<string, string> query)
    {
        var milliseconds = int.Parse(query["ms"], CultureInfo.InvariantCulture);
        Thread.Sleep(milliseconds);
        return Respond(200, Json(writer => writer.WriteNumber("slept", milliseconds)));
    }

    private static byte[] SleepWithChild(IDictionary<string, string> query)
    {
        using var child = Process.Start(new ProcessStartInfo("sleep", "300") { UseShellExecute = false })
            ?? throw new InvalidOperationException("sleep did not start.");
        File.WriteAllText(query["pidFile"], child.Id.ToString(CultureInfo.InvariantCulture));
        return Sleep(query);
    }

    private static byte[] Crash(IDictionary<string, string> query)
    {
        System.Environment.Exit(query.TryGetValue("code", out var code) ? int.Parse(code, CultureInfo.InvariantCulture) : 3);
        return [];
    }

    private static byte[] FailFast()
    {
        System.Environment.FailFast("The test function stops on purpose.");
        return [];
    }

    private static string ReadEnvironment(IDictionary<string, string> query) =>
        Json(writer =>
        {
            foreach (var name in query["names"].Split(','))
            {
                writer.WriteString(name, System.Environment.GetEnvironmentVariable(name));
            }
        });

    private static byte[] Log(string requestId)
    {
        Console.WriteLine($"stdout line for {requestId}");
        Console.Error.WriteLine($"stderr line for {requestId}");
        return Respond(200, "{}");
    }

    private static byte[] Big(IDictionary<string, string> query) =>
        Respond(200, new string('x', int.Parse(query["bytes"], CultureInfo.InvariantCulture)));

    private static string Json(Action<Utf8JsonWriter> write)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            writer.WriteStartObject();
            write(writer);
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }
}
