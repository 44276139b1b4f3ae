namespace Signup.Local.Gateway;

/// <summary>
/// Selects the route for a request as HTTP APIs do: a full literal match wins over a path with parameters, which
/// wins over a greedy <c>{name+}</c> path; a route for the request's method wins over <c>ANY</c>; and the
/// <c>$default</c> route takes what nothing else matches. Paths compare case-sensitively.
/// </summary>
internal sealed class RouteTable
{
    private readonly List<(GatewayRoute Route, string[] Segments)> _routes = [];
    private readonly GatewayRoute? _default;

    public RouteTable(IEnumerable<GatewayRoute> routes)
    {
        foreach (var route in routes)
        {
            if (route.Definition.Path == Template.RouteDefinition.DefaultPath)
            {
                _default ??= route;
            }
            else
            {
                _routes.Add((route, Split(route.Definition.Path)));
            }
        }
    }

    public IEnumerable<GatewayRoute> Routes =>
        _routes.Select(entry => entry.Route).Concat(_default is null ? [] : [_default]);

    /// <summary>Returns the best route for <paramref name="method"/> and the decoded <paramref name="path"/>, or null.</summary>
    public RouteMatch? Match(string method, string path)
    {
        var segments = Split(path);
        RouteMatch? best = null;
        var bestScore = (Literal: -1, NotGreedy: -1, MethodSpecific: -1);
        foreach (var (route, template) in _routes)
        {
            var routeMethod = route.Definition.Method;
            var methodSpecific = routeMethod != "ANY";
            if (methodSpecific && !string.Equals(routeMethod, method, StringComparison.Ordinal))
            {
                continue;
            }

            if (!TryMatch(template, segments, out var parameters, out var literalCount, out var greedy))
            {
                continue;
            }

            var score = (literalCount, greedy ? 0 : 1, methodSpecific ? 1 : 0);
            if (score.CompareTo(bestScore) > 0)
            {
                bestScore = score;
                best = new RouteMatch(route, parameters);
            }
        }

        return best ?? (_default is null ? null : new RouteMatch(_default, null));
    }

    /// <summary>Returns whether any route, of any method, matches <paramref name="path"/>.</summary>
    public GatewayRoute? FindAnyForPath(string path)
    {
        var segments = Split(path);
        foreach (var (route, template) in _routes)
        {
            if (TryMatch(template, segments, out _, out _, out _))
            {
                return route;
            }
        }

        return _default;
    }

    private static string[] Split(string path) => path.TrimStart('/').Split('/');

    private static bool TryMatch(
        string[] template,
        string[] segments,
        out Dictionary<string, string>? parameters,
        out int literalCount,
        out bool greedy)
    {
        parameters = null;
        literalCount = 0;
        greedy = false;
        for (var i = 0; i < template.Length; i++)
        {
            var part = template[i];
            var isVariable = part.Length > 2 && part[0] == '{' && part[^1] == '}';
            if (isVariable && part[^2] == '+' && i == template.Length - 1)
            {
                // A greedy variable takes the rest of the path, at least one segment.
                if (i >= segments.Length || segments[i].Length == 0)
                {
                    return false;
                }

                (parameters ??= new(StringComparer.Ordinal))[part[1..^2]] = string.Join('/', segments[i..]);
                greedy = true;
                return true;
            }

            if (i >= segments.Length)
            {
                return false;
            }

            if (isVariable)
            {
                if (segments[i].Length == 0)
                {
                    return false;
                }

                (parameters ??= new(StringComparer.Ordinal))[part[1..^1]] = segments[i];
            }
            else if (string.Equals(part, segments[i], StringComparison.Ordinal))
            {
                literalCount++;
            }
            else
            {
                return false;
            }
        }

        return template.Length == segments.Length;
    }
}
