using System.Globalization;
using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;

namespace Signup.Local.Gateway;

/// <summary>
/// Serves the sign-up page's files from one directory, with <c>index.html</c> for <c>/</c>. Only regular files
/// with a known extension are served: no directory listing, no dotfiles, no symbolic links, and no path that
/// leaves the directory.
/// </summary>
internal sealed class StaticSite
{
    /// <summary>
    /// Content-Security-Policy of every file: scripts, styles and requests only from the page's own origin, no
    /// framing, no base URL changes, and forms posting only to the same origin.
    /// </summary>
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
        "frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

    private static readonly Dictionary<string, string> ContentTypes = new(StringComparer.OrdinalIgnoreCase)
    {
        [".html"] = "text/html; charset=utf-8",
        [".js"] = "text/javascript; charset=utf-8",
        [".mjs"] = "text/javascript; charset=utf-8",
        [".css"] = "text/css; charset=utf-8",
        [".json"] = "application/json; charset=utf-8",
        [".webmanifest"] = "application/manifest+json; charset=utf-8",
        [".txt"] = "text/plain; charset=utf-8",
        [".svg"] = "image/svg+xml",
        [".png"] = "image/png",
        [".jpg"] = "image/jpeg",
        [".jpeg"] = "image/jpeg",
        [".gif"] = "image/gif",
        [".webp"] = "image/webp",
        [".ico"] = "image/x-icon",
        [".woff2"] = "font/woff2",
    };

    private readonly string _root;

    public StaticSite(string root)
    {
        _root = Path.TrimEndingDirectorySeparator(Path.GetFullPath(root)) + Path.DirectorySeparatorChar;
    }

    /// <summary>Returns the file for a decoded request path, or null when there is none to serve.</summary>
    public string? Resolve(string path)
    {
        if (path is "" or "/")
        {
            path = "/index.html";
        }

        var segments = path.Split('/');
        if (segments[0].Length != 0)
        {
            return null;
        }

        foreach (var segment in segments.AsSpan(1))
        {
            // Rejects "..", ".", empty segments ("//" or a trailing "/", so no directory is listed), dotfiles,
            // and characters that mean something else to the file system.
            if (segment.Length == 0 || segment[0] == '.' || segment.AsSpan().IndexOfAny('\\', ':', '\0') >= 0)
            {
                return null;
            }
        }

        var file = Path.GetFullPath(Path.Join(_root, path));
        if (!file.StartsWith(_root, StringComparison.Ordinal)
            || !ContentTypes.ContainsKey(Path.GetExtension(file)))
        {
            return null;
        }

        var info = new FileInfo(file);
        return info.Exists && info.LinkTarget is null ? file : null;
    }

    /// <summary>Sends <paramref name="file"/> (headers only for HEAD); returns the number of body bytes sent.</summary>
    public static async Task<long> ServeAsync(HttpContext context, string file)
    {
        var info = new FileInfo(file);
        var response = context.Response;
        var headers = response.Headers;
        var etag = new EntityTagHeaderValue(
            string.Create(CultureInfo.InvariantCulture, $"\"{info.Length:x}-{info.LastWriteTimeUtc.Ticks:x}\""));
        headers.ContentSecurityPolicy = ContentSecurityPolicy;
        headers.XContentTypeOptions = "nosniff";
        headers["Referrer-Policy"] = "no-referrer";
        headers.CacheControl = "no-cache";
        headers.ETag = etag.ToString();
        headers.LastModified = info.LastWriteTimeUtc.ToString("R", CultureInfo.InvariantCulture);
        response.ContentType = ContentTypes[info.Extension];

        if (MatchesEtag(context.Request.Headers.IfNoneMatch, etag))
        {
            response.StatusCode = StatusCodes.Status304NotModified;
            return 0;
        }

        response.StatusCode = StatusCodes.Status200OK;
        response.ContentLength = info.Length;
        if (HttpMethods.IsHead(context.Request.Method))
        {
            return 0;
        }

        await response.SendFileAsync(file, context.RequestAborted).ConfigureAwait(false);
        return info.Length;
    }

    private static bool MatchesEtag(StringValues ifNoneMatch, EntityTagHeaderValue etag) =>
        !StringValues.IsNullOrEmpty(ifNoneMatch)
        && EntityTagHeaderValue.TryParseList(ifNoneMatch, out var tags)
        && tags.Any(tag => tag.Equals(EntityTagHeaderValue.Any) || tag.Compare(etag, useStrongComparison: false));
}
