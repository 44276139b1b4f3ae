namespace Signup.Local.Template;

/// <summary>
/// An HTTP API of the template (<c>AWS::Serverless::HttpApi</c>), or the implicit <c>ServerlessHttpApi</c> that SAM
/// creates for <c>HttpApi</c> events without an <c>ApiId</c>.
/// </summary>
public sealed record HttpApiDefinition
{
    /// <summary>Resource name in the template.</summary>
    public required string LogicalId { get; init; }

    /// <summary>Local stand-in for the API id that AWS assigns: ten lower-case letters and digits.</summary>
    public required string ApiId { get; init; }

    /// <summary>CORS settings, or null when the API has no <c>CorsConfiguration</c>.</summary>
    public CorsSettings? Cors { get; init; }

    /// <summary>Throttling from <c>DefaultRouteSettings</c>, applied to each route without its own.</summary>
    public ThrottleSettings? DefaultThrottle { get; init; }

    /// <summary>Routes from the functions' <c>HttpApi</c> events.</summary>
    public required IReadOnlyList<RouteDefinition> Routes { get; init; }
}

/// <summary>A route of an HTTP API and the function it invokes.</summary>
/// <param name="Method">HTTP method in upper case, or <c>ANY</c>.</param>
/// <param name="Path">Path template, such as <c>/createUser</c>, <c>/items/{id}</c> or <c>/{proxy+}</c>.</param>
/// <param name="FunctionLogicalId">Function that the route invokes.</param>
/// <param name="PayloadFormatVersion"><c>2.0</c> (SAM's default for HTTP APIs) or <c>1.0</c>.</param>
/// <param name="IntegrationTimeout">Time API Gateway waits for the function; HTTP APIs allow at most 30 s.</param>
/// <param name="Throttle">Route-level throttling from the event's <c>RouteSettings</c>, if any.</param>
public sealed record RouteDefinition(
    string Method,
    string Path,
    string FunctionLogicalId,
    string PayloadFormatVersion,
    TimeSpan IntegrationTimeout,
    ThrottleSettings? Throttle)
{
    /// <summary>Path of the catch-all route, which matches what no other route matches.</summary>
    public const string DefaultPath = "$default";

    /// <summary>
    /// Route key as API Gateway writes it in events and logs, such as <c>POST /createUser</c>, or <c>$default</c>.
    /// </summary>
    public string RouteKey => Path == DefaultPath ? DefaultPath : Method + " " + Path;
}

/// <summary>CORS settings of an HTTP API, from its <c>CorsConfiguration</c>.</summary>
/// <param name="AllowOrigins">Allowed origins; <c>*</c> allows every origin.</param>
/// <param name="AllowMethods">Methods named in preflight responses; <c>*</c> allows every method.</param>
/// <param name="AllowHeaders">Request headers named in preflight responses; <c>*</c> allows every header.</param>
/// <param name="ExposeHeaders">Response headers that scripts of an allowed origin may read.</param>
/// <param name="MaxAge">Seconds a browser may cache a preflight response, if set.</param>
/// <param name="AllowCredentials">Whether credentialed requests are allowed.</param>
public sealed record CorsSettings(
    IReadOnlyList<string> AllowOrigins,
    IReadOnlyList<string> AllowMethods,
    IReadOnlyList<string> AllowHeaders,
    IReadOnlyList<string> ExposeHeaders,
    int? MaxAge,
    bool AllowCredentials);

/// <summary>Token-bucket throttling of a route.</summary>
/// <param name="RateLimit">Steady-state requests per second.</param>
/// <param name="BurstLimit">Bucket size: the requests accepted at once after a quiet period.</param>
public sealed record ThrottleSettings(double RateLimit, int BurstLimit);
