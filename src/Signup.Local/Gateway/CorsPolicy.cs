using System.Globalization;
using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;
using Signup.Local.Template;

namespace Signup.Local.Gateway;

/// <summary>
/// CORS as an HTTP API with a <c>CorsConfiguration</c> applies it: the gateway responds to preflight requests itself,
/// adds the CORS headers to responses for allowed origins, and drops CORS headers that the function returns.
/// Origins compare case-insensitively; an entry such as <c>https://*.example.com</c> allows every subdomain.
/// </summary>
internal sealed class CorsPolicy
{
    private readonly CorsSettings _settings;
    private readonly List<string> _origins;

    /// <param name="settings">The API's <c>CorsConfiguration</c>.</param>
    /// <param name="extraOrigins">Origins allowed on top of the template's, such as the local page's own.</param>
    public CorsPolicy(CorsSettings settings, IEnumerable<string> extraOrigins)
    {
        _settings = settings;
        _origins = [.. settings.AllowOrigins, .. extraOrigins];
    }

    /// <summary>Whether the request is a CORS preflight: OPTIONS with <c>Origin</c> and <c>Access-Control-Request-Method</c>.</summary>
    public static bool IsPreflight(HttpRequest request) =>
        HttpMethods.IsOptions(request.Method)
        && !StringValues.IsNullOrEmpty(request.Headers.Origin)
        && !StringValues.IsNullOrEmpty(request.Headers.AccessControlRequestMethod);

    public bool IsAllowed(string origin)
    {
        foreach (var allowed in _origins)
        {
            if (allowed == "*" || string.Equals(allowed, origin, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }

            var wildcard = allowed.IndexOf("://*.", StringComparison.Ordinal);
            if (wildcard > 0
                && origin.StartsWith(allowed[..(wildcard + 3)], StringComparison.OrdinalIgnoreCase)
                && origin.EndsWith(allowed[(wildcard + 4)..], StringComparison.OrdinalIgnoreCase)
                && origin.Length > allowed.Length - 1)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Writes the headers of a preflight response (status 204). A disallowed origin gets none, so the browser
    /// blocks the request.
    /// </summary>
    public void ApplyPreflight(HttpRequest request, IHeaderDictionary headers)
    {
        var origin = request.Headers.Origin.ToString();
        headers.Vary = HeaderNames.Origin;
        if (!IsAllowed(origin))
        {
            return;
        }

        AddAllowOrigin(headers, origin);
        headers.AccessControlAllowMethods = _settings.AllowMethods.Contains("*")
            ? request.Headers.AccessControlRequestMethod
            : string.Join(',', _settings.AllowMethods);
        var requestedHeaders = request.Headers.AccessControlRequestHeaders;
        if (_settings.AllowHeaders.Contains("*"))
        {
            if (!StringValues.IsNullOrEmpty(requestedHeaders))
            {
                headers.AccessControlAllowHeaders = requestedHeaders;
            }
        }
        else if (_settings.AllowHeaders.Count > 0)
        {
            headers.AccessControlAllowHeaders = string.Join(',', _settings.AllowHeaders);
        }

        if (_settings.MaxAge is { } maxAge)
        {
            headers.AccessControlMaxAge = maxAge.ToString(CultureInfo.InvariantCulture);
        }
    }

    /// <summary>
    /// Replaces any CORS headers of the function's response with the API's, when the request's origin is allowed.
    /// </summary>
    public void ApplyToResponse(HttpRequest request, IHeaderDictionary headers)
    {
        foreach (var name in headers.Keys.Where(IsCorsHeader).ToList())
        {
            headers.Remove(name);
        }

        var origin = request.Headers.Origin.ToString();
        if (origin.Length == 0)
        {
            return;
        }

        headers.Append(HeaderNames.Vary, HeaderNames.Origin);
        if (!IsAllowed(origin))
        {
            return;
        }

        AddAllowOrigin(headers, origin);
        if (_settings.ExposeHeaders.Count > 0)
        {
            headers.AccessControlExposeHeaders = string.Join(',', _settings.ExposeHeaders);
        }
    }

    private static bool IsCorsHeader(string name) =>
        name.StartsWith("Access-Control-", StringComparison.OrdinalIgnoreCase);

    private void AddAllowOrigin(IHeaderDictionary headers, string origin)
    {
        // A credentialed response must name the origin; browsers reject "*" there.
        headers.AccessControlAllowOrigin =
            _settings.AllowOrigins.Contains("*") && !_settings.AllowCredentials ? "*" : origin;
        if (_settings.AllowCredentials)
        {
            headers.AccessControlAllowCredentials = "true";
        }
    }
}
