using System.Text;

namespace Signup.Lambda.ApiGateway;

/// <summary>Decoding of the <c>body</c> and <c>isBase64Encoded</c> pair that both payload formats carry.</summary>
public static class ApiGatewayBody
{
    /// <summary>
    /// Decodes <paramref name="body"/>: from base64 when <paramref name="isBase64Encoded"/> is true, else as
    /// UTF-8 text. A null body decodes to empty content. Returns false, with empty content, when the body
    /// is flagged as base64 but is not valid base64.
    /// </summary>
    public static bool TryDecode(string? body, bool isBase64Encoded, out byte[] content)
    {
        if (string.IsNullOrEmpty(body))
        {
            content = [];
            return true;
        }

        if (!isBase64Encoded)
        {
            content = Encoding.UTF8.GetBytes(body);
            return true;
        }

        // Base64 encodes 3 bytes in every 4 characters, so this buffer is never too small.
        var buffer = new byte[(body.Length + 3) / 4 * 3];
        if (!Convert.TryFromBase64String(body, buffer, out var written))
        {
            content = [];
            return false;
        }

        content = buffer.AsSpan(0, written).ToArray();
        return true;
    }
}
