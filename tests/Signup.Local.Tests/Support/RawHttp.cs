using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Signup.Local.Tests.Support;

/// <summary>
/// Sends a request exactly as written, which HttpClient cannot: <see cref="Uri"/> removes dot segments such as
/// <c>/../</c>, and HttpClient folds repeated headers into one line.
/// </summary>
internal static class RawHttp
{
    public static Task<(int Status, string Response)> GetAsync(int port, string target, CancellationToken cancellationToken) =>
        SendAsync(port, "GET", target, [], cancellationToken);

    /// <summary>Sends the request with each header on its own line and returns the status and the whole response.</summary>
    public static async Task<(int Status, string Response)> SendAsync(
        int port, string method, string target, IReadOnlyList<string> headerLines, CancellationToken cancellationToken)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, port, cancellationToken);
        var stream = client.GetStream();
        var request = new StringBuilder()
            .Append(CultureInfo.InvariantCulture, $"{method} {target} HTTP/1.1\r\n")
            .Append(CultureInfo.InvariantCulture, $"Host: 127.0.0.1:{port}\r\n")
            .Append("Connection: close\r\n");
        foreach (var line in headerLines)
        {
            request.Append(line).Append("\r\n");
        }

        request.Append("\r\n");
        await stream.WriteAsync(Encoding.ASCII.GetBytes(request.ToString()), cancellationToken);
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var response = await reader.ReadToEndAsync(cancellationToken);
        var status = int.Parse(response.Split(' ', 3)[1], CultureInfo.InvariantCulture);
        return (status, response);
    }

    /// <summary>Returns the body of a response read by <see cref="SendAsync"/>.</summary>
    public static string Body(string response) => response[(response.IndexOf("\r\n\r\n", StringComparison.Ordinal) + 4)..];
}
