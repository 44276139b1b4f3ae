using System.Net;
using Signup.Local.Gateway;

namespace Signup.Local.Tests;

public sealed class HttpApiEventBuilderTests
{
    [Theory]
    [InlineData("application/json", true)]
    [InlineData("application/json; charset=utf-8", true)]
    [InlineData("APPLICATION/JSON", true)]
    [InlineData("application/problem+json", true)]
    [InlineData("application/atom+xml", true)]
    [InlineData("text/plain", true)]
    [InlineData("text/html; charset=iso-8859-1", true)]
    [InlineData("application/x-www-form-urlencoded", true)]
    [InlineData("application/octet-stream", false)]
    [InlineData("image/png", false)]
    [InlineData("multipart/form-data; boundary=x", false)]
    [InlineData("", false)]
    [InlineData(null, false)]
    public void IsTextual_ContentType(string? contentType, bool expected)
    {
        Assert.Equal(expected, HttpApiEventBuilder.IsTextual(contentType));
    }

    [Fact]
    public void FormatRequestTime_UsesInvariantMonthAndUtc()
    {
        var time = new DateTimeOffset(2020, 3, 12, 21, 3, 58, TimeSpan.FromHours(2));

        Assert.Equal("12/Mar/2020:19:03:58 +0000", HttpApiEventBuilder.FormatRequestTime(time));
    }

    [Theory]
    [InlineData("::ffff:10.1.2.3", "10.1.2.3")]
    [InlineData("::1", "::1")]
    [InlineData("127.0.0.1", "127.0.0.1")]
    public void FormatAddress_MapsIpv4InIpv6(string address, string expected)
    {
        Assert.Equal(expected, HttpApiEventBuilder.FormatAddress(IPAddress.Parse(address)));
    }
}
