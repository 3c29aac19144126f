using PspReplacement.Cel.Libraries;
using PspReplacement.Cel.Runtime;
using static PspReplacement.Cel.Tests.Libraries.LibraryCalls;

namespace PspReplacement.Cel.Tests.Libraries;

public class UrlLibraryTests
{
    private static readonly UrlLibrary Lib = new();
    private static object U(string s) => Call(Lib, "url", s);

    [Theory]
    [InlineData("", false)]
    [InlineData("example.com", false)]
    [InlineData("../relative-path", false)]
    [InlineData("/absolute-path", true)]
    [InlineData("*", true)]
    [InlineData("https://user:pass@example.com:80/path?query=val#fragment", true)]
    [InlineData("https://example.com:80a/", false)]
    [InlineData("https://exa mple.com/", false)]
    [InlineData("https://[::1/", false)]
    [InlineData("https://example.com/%zz", false)]
    [InlineData("https://example.com/\n", false)]
    [InlineData(":no-scheme", false)]
    [InlineData("mailto:someone@example.com", true)]
    public void IsUrl_uses_go_ParseRequestURI(string text, bool valid) => Assert.Equal(valid, Call(Lib, "isURL", text));

    [Fact]
    public void Parts_as_kubernetes_documents_them()
    {
        Assert.Equal("https", Call(Lib, "getScheme", U("HTTPS://example.com/path")));
        Assert.Equal("", Call(Lib, "getScheme", U("/absolute-path")));
        Assert.Equal("example.com:80", Call(Lib, "getHost", U("https://example.com:80/")));
        Assert.Equal("[::1]:80", Call(Lib, "getHost", U("https://[::1]:80/")));
        Assert.Equal("::1", Call(Lib, "getHostname", U("https://[::1]:80/")));
        Assert.Equal("example.com", Call(Lib, "getHostname", U("https://user@example.com:80/")));
        Assert.Equal("80", Call(Lib, "getPort", U("https://example.com:80/")));
        Assert.Equal("", Call(Lib, "getPort", U("https://example.com/")));
        Assert.Equal("", Call(Lib, "getPort", U("https://[::1]/")));
        Assert.Equal("/path%20with%20spaces/", Call(Lib, "getEscapedPath", U("https://example.com/path with spaces/")));
        Assert.Equal("/a%2Fb", Call(Lib, "getEscapedPath", U("https://example.com/a%2Fb")));
        Assert.Equal("/p", Call(Lib, "getEscapedPath", U("https://example.com/p#frag")));
    }

    [Fact]
    public void Query_maps_keys_to_all_their_values()
    {
        var query = Assert.IsAssignableFrom<ICelMap>(Call(Lib, "getQuery", U("https://example.com/?k=v&k=v2&a+b=c%20d&empty")));
        Assert.True(query.TryGetValue("k", out var k));
        Assert.Equal(L("v", "v2"), k);
        Assert.True(query.TryGetValue("a b", out var ab));
        Assert.Equal(L("c d"), ab);
        Assert.True(query.TryGetValue("empty", out var e));
        Assert.Equal(L(""), e);
        Assert.Equal(0, Assert.IsAssignableFrom<ICelMap>(Call(Lib, "getQuery", U("https://example.com/"))).Count);
    }

    [Fact]
    public void Errors_quote_go()
    {
        Assert.Equal("URL parse error during conversion from string: parse \"example.com\": invalid URI for request", ErrorMessage(U("example.com")));
        Assert.Equal("URL parse error during conversion from string: parse \"https://example.com:8a/\": invalid port \":8a\" after host", ErrorMessage(U("https://example.com:8a/")));
    }
}
