using YamlDotNet.RepresentationModel;

namespace Signup.Local.Template;

/// <summary>
/// Reads <c>AWS::Serverless::HttpApi</c> resources and attaches the functions' <c>HttpApi</c> events to them as
/// routes. Events without an <c>ApiId</c> go to the implicit <c>ServerlessHttpApi</c>, as in SAM.
/// </summary>
internal static class HttpApiReader
{
    /// <summary>Integration timeout of an HTTP API when the event sets no <c>TimeoutInMillis</c>: 30 s.</summary>
    private const int DefaultIntegrationTimeoutMs = 30_000;

    public static IReadOnlyList<HttpApiDefinition> Read(
        TemplateContext context,
        IReadOnlyList<(string LogicalId, YamlMappingNode Properties)> apis,
        IReadOnlyList<(FunctionDefinition Function, YamlMappingNode Properties)> functions,
        YamlMappingNode? httpApiGlobals)
    {
        var routes = new Dictionary<string, List<RouteDefinition>>(StringComparer.Ordinal);
        foreach (var (logicalId, _) in apis)
        {
            routes[logicalId] = [];
        }

        foreach (var (function, properties) in functions)
        {
            ReadEvents(context, function, properties, routes);
        }

        var definitions = new List<HttpApiDefinition>();
        foreach (var (logicalId, properties) in apis)
        {
            definitions.Add(CreateApi(context, logicalId, properties, routes[logicalId]));
        }

        if (routes.TryGetValue(TemplateTypes.ImplicitHttpApi, out var implicitRoutes)
            && !apis.Any(api => api.LogicalId == TemplateTypes.ImplicitHttpApi))
        {
            definitions.Add(CreateApi(
                context, TemplateTypes.ImplicitHttpApi, httpApiGlobals ?? new YamlMappingNode(), implicitRoutes));
        }

        return definitions;
    }

    private static HttpApiDefinition CreateApi(
        TemplateContext context, string logicalId, YamlMappingNode properties, List<RouteDefinition> routes)
    {
        var path = $"Resources.{logicalId}.Properties";
        if (TemplateContext.GetRaw(properties, "DefinitionBody") is not null
            || TemplateContext.GetRaw(properties, "DefinitionUri") is not null)
        {
            context.Warn($"{path} has an OpenAPI definition; the local stack routes only the functions' HttpApi events.");
        }

        return new HttpApiDefinition
        {
            LogicalId = logicalId,
            ApiId = context.Resolver.GetResourceRef(logicalId),
            Cors = ReadCors(context, properties, path),
            DefaultThrottle = ReadThrottle(context, context.GetMapping(properties, "DefaultRouteSettings", path), path + ".DefaultRouteSettings"),
            Routes = routes,
        };
    }

    private static void ReadEvents(
        TemplateContext context,
        FunctionDefinition function,
        YamlMappingNode properties,
        Dictionary<string, List<RouteDefinition>> routes)
    {
        if (TemplateContext.GetRaw(properties, "Events") is not YamlMappingNode events)
        {
            return;
        }

        foreach (var (key, value) in events.Children)
        {
            var path = $"Resources.{function.LogicalId}.Properties.Events.{(key as YamlScalarNode)?.Value}";
            if (value is not YamlMappingNode eventNode)
            {
                throw new TemplateException($"{path} must be a mapping.");
            }

            var type = context.GetString(eventNode, "Type", path);
            if (type != TemplateTypes.HttpApiEvent)
            {
                context.Warn($"{path} is an event of type {type ?? "(none)"}, which the local stack does not emulate.");
                continue;
            }

            var eventProperties = TemplateContext.GetRaw(eventNode, "Properties") as YamlMappingNode ?? new YamlMappingNode();
            var propertiesPath = path + ".Properties";
            var apiId = ReadApiLogicalId(TemplateContext.GetRaw(eventProperties, "ApiId"), propertiesPath);
            if (!routes.TryGetValue(apiId, out var apiRoutes))
            {
                if (apiId != TemplateTypes.ImplicitHttpApi)
                {
                    throw new TemplateException(
                        $"{propertiesPath}.ApiId names '{apiId}', which is not an AWS::Serverless::HttpApi of the template.");
                }

                apiRoutes = routes[apiId] = [];
            }

            apiRoutes.Add(ReadRoute(context, function, eventProperties, propertiesPath));
        }
    }

    private static RouteDefinition ReadRoute(
        TemplateContext context, FunctionDefinition function, YamlMappingNode properties, string path)
    {
        var routePath = context.GetString(properties, "Path", path) ?? RouteDefinition.DefaultPath;
        var method = (context.GetString(properties, "Method", path) ?? "ANY").ToUpperInvariant();
        if (method is "X-AMAZON-APIGATEWAY-ANY-METHOD" or "*")
        {
            method = "ANY";
        }

        if (routePath != RouteDefinition.DefaultPath && !routePath.StartsWith('/'))
        {
            throw new TemplateException($"{path}.Path is '{routePath}'; a route path must start with '/'.");
        }

        var version = context.GetString(properties, "PayloadFormatVersion", path) ?? "2.0";
        if (version != "2.0")
        {
            context.Warn($"{path}.PayloadFormatVersion is {version}; the local stack sends payload format 2.0 events.");
        }

        var timeoutMs = context.GetInt(properties, "TimeoutInMillis", path) ?? DefaultIntegrationTimeoutMs;
        if (timeoutMs is < 50 or > DefaultIntegrationTimeoutMs)
        {
            throw new TemplateException($"{path}.TimeoutInMillis is {timeoutMs}; HTTP APIs accept 50 to 30000.");
        }

        return new RouteDefinition(
            method,
            routePath,
            function.LogicalId,
            version,
            TimeSpan.FromMilliseconds(timeoutMs),
            ReadThrottle(context, context.GetMapping(properties, "RouteSettings", path), path + ".RouteSettings"));
    }

    // ApiId is read unresolved: the reader needs the API's logical id, not the id that Ref gives for it.
    private static string ReadApiLogicalId(YamlNode? node, string path) =>
        node switch
        {
            null => TemplateTypes.ImplicitHttpApi,
            YamlScalarNode { Value: { } name } scalar when scalar.Tag.IsEmpty || scalar.Tag.Value == "!Ref" => name,
            YamlMappingNode mapping when TemplateContext.GetRaw(mapping, "Ref") is YamlScalarNode { Value: { } name } => name,
            _ => throw new TemplateException($"{path}.ApiId must be a Ref to an AWS::Serverless::HttpApi of the template."),
        };

    private static CorsSettings? ReadCors(TemplateContext context, YamlMappingNode properties, string path)
    {
        switch (context.Get(properties, "CorsConfiguration", path))
        {
            case null:
                return null;
            case YamlScalarNode { Value: { } flag } when bool.TryParse(flag, out var enabled):
                // SAM turns CorsConfiguration: true into "allow every origin, method and header".
                return enabled ? new CorsSettings(["*"], ["*"], ["*"], [], null, false) : null;
            case YamlMappingNode cors:
                var corsPath = path + ".CorsConfiguration";
                return new CorsSettings(
                    context.GetStringList(cors, "AllowOrigins", corsPath),
                    context.GetStringList(cors, "AllowMethods", corsPath),
                    context.GetStringList(cors, "AllowHeaders", corsPath),
                    context.GetStringList(cors, "ExposeHeaders", corsPath),
                    context.GetInt(cors, "MaxAge", corsPath),
                    context.GetBool(cors, "AllowCredentials", corsPath) ?? false);
            default:
                throw new TemplateException($"{path}.CorsConfiguration must be true, false or a mapping.");
        }
    }

    private static ThrottleSettings? ReadThrottle(TemplateContext context, YamlMappingNode? settings, string path)
    {
        var rate = context.GetDouble(settings, "ThrottlingRateLimit", path);
        var burst = context.GetInt(settings, "ThrottlingBurstLimit", path);
        if (rate is null && burst is null)
        {
            return null;
        }

        if (rate is null || burst is null || rate < 0 || burst < 0)
        {
            context.Warn($"{path} needs both ThrottlingRateLimit and ThrottlingBurstLimit, not negative; throttling is off.");
            return null;
        }

        return new ThrottleSettings(rate.Value, burst.Value);
    }
}
