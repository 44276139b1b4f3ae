using System.Text;
using Signup.Lambda.ApiGateway;

namespace Signup.Lambda.Tests;

public sealed class ApiGatewayHelpersTests
{
    [Theory]
    [InlineData(null, false, "")]
    [InlineData(null, true, "")]
    [InlineData("", true, "")]
    [InlineData("plain text, grüße", false, "plain text, grüße")]
    [InlineData("eyJ1c2VybmFtZSI6IkFkYSJ9", false, "eyJ1c2VybmFtZSI6IkFkYSJ9")]
    [InlineData("eyJ1c2VybmFtZSI6IkFkYSJ9", true, """{"username":"Ada"}""")]
    [InlineData("aGk=", true, "hi")]
    [InlineData("Z3LDvMOfZQ==", true, "grüße")]
    public void TryDecode_ValidBody_ReturnsContent(string? body, bool isBase64Encoded, string expected)
    {
        Assert.True(ApiGatewayBody.TryDecode(body, isBase64Encoded, out var content));
        Assert.Equal(expected, Encoding.UTF8.GetString(content));
    }

    [Theory]
    [InlineData("not base64!")]
    [InlineData("aGk")]
    [InlineData("aGk=aGk=")]
    [InlineData("====")]
    [InlineData("é")]
    public void TryDecode_InvalidBase64_ReturnsFalse(string body)
    {
        Assert.False(ApiGatewayBody.TryDecode(body, isBase64Encoded: true, out var content));
        Assert.Empty(content);
    }

    [Fact]
    public void TryDecodeBody_InvalidBase64Request_ReturnsFalse()
    {
        var request = new ApiGatewayHttpApiV2Request { Body = "%%%", IsBase64Encoded = true };

        Assert.False(request.TryDecodeBody(out var content));
        Assert.Empty(content);
    }

    [Theory]
    [InlineData("content-type")]
    [InlineData("Content-Type")]
    [InlineData("CONTENT-TYPE")]
    public void GetHeader_HttpApiV2AnyCase_FindsLowerCaseName(string name)
    {
        var request = new ApiGatewayHttpApiV2Request
        {
            Headers = new Dictionary<string, string> { ["content-type"] = "application/json" },
        };

        Assert.Equal("application/json", request.GetHeader(name));
    }

    [Theory]
    [InlineData("content-type")]
    [InlineData("Content-Type")]
    [InlineData("CONTENT-TYPE")]
    public void GetHeader_ProxyAnyCase_FindsMixedCaseName(string name)
    {
        var request = new ApiGatewayProxyRequest
        {
            Headers = new Dictionary<string, string> { ["Content-Type"] = "application/json" },
        };

        Assert.Equal("application/json", request.GetHeader(name));
    }

    [Fact]
    public void GetHeader_ProxyOnlyMultiValue_JoinsValues()
    {
        var request = new ApiGatewayProxyRequest
        {
            MultiValueHeaders = new Dictionary<string, IList<string>> { ["X-Custom-Tag"] = ["blue", "green"] },
        };

        Assert.Equal("blue,green", request.GetHeader("x-custom-tag"));
    }

    [Fact]
    public void GetHeader_ProxyBothMaps_PrefersSingle()
    {
        var request = new ApiGatewayProxyRequest
        {
            Headers = new Dictionary<string, string> { ["Accept"] = "text/html" },
            MultiValueHeaders = new Dictionary<string, IList<string>>
            {
                ["Accept"] = ["application/json", "text/html"],
            },
        };

        Assert.Equal("text/html", request.GetHeader("accept"));
    }

    [Fact]
    public void GetHeader_Missing_ReturnsNull()
    {
        var withHeaders = new ApiGatewayHttpApiV2Request
        {
            Headers = new Dictionary<string, string> { ["accept"] = "*/*" },
        };
        var withoutHeaders = new ApiGatewayProxyRequest();

        Assert.Null(withHeaders.GetHeader("origin"));
        Assert.Null(withoutHeaders.GetHeader("origin"));
    }
}
