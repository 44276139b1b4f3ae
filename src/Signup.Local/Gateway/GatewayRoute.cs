using Signup.Local.Runtime;
using Signup.Local.Template;

namespace Signup.Local.Gateway;

/// <summary>A route of the gateway with everything a request on it needs.</summary>
/// <param name="Definition">The route as the template defines it.</param>
/// <param name="Api">The HTTP API the route belongs to.</param>
/// <param name="Pool">Processes of the function the route invokes.</param>
/// <param name="Throttle">Token bucket of the route, or null when the route is not throttled.</param>
/// <param name="Cors">CORS policy of the route's API, or null when the API has none.</param>
internal sealed record GatewayRoute(
    RouteDefinition Definition,
    HttpApiDefinition Api,
    FunctionPool Pool,
    TokenBucket? Throttle,
    CorsPolicy? Cors);

/// <summary>A route that matched a request, with the values of its path parameters.</summary>
internal sealed record RouteMatch(GatewayRoute Route, IReadOnlyDictionary<string, string>? PathParameters);
