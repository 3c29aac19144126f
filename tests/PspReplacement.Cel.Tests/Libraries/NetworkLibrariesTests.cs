using PspReplacement.Cel.Libraries;
using static PspReplacement.Cel.Tests.Libraries.LibraryCalls;

namespace PspReplacement.Cel.Tests.Libraries;

public class NetworkLibrariesTests
{
    private static readonly IpLibrary Ip = new();
    private static readonly CidrLibrary Cidr = new();

    [Theory]
    [InlineData("")]
    [InlineData("1.2.3")]
    [InlineData("1.2.3.4.5")]
    [InlineData("256.0.0.1")]
    [InlineData("01.2.3.4")]
    [InlineData("1.2.3.4 ")]
    [InlineData("::ffff:1.2.3.4")]
    [InlineData("fe80::1%eth0")]
    [InlineData("1:2:3:4:5:6:7:8:9")]
    [InlineData("1::2::3")]
    [InlineData("12345::")]
    [InlineData(":1::")]
    [InlineData("1.2.3.4/32")]
    public void Rejects_invalid_addresses(string text)
    {
        Assert.Equal(false, Call(Ip, "isIP", text));
        Assert.IsType<PspReplacement.Cel.Runtime.CelError>(Call(Ip, "ip", text));
    }

    [Theory]
    [InlineData("0.0.0.0", "0.0.0.0")]
    [InlineData("::", "::")]
    [InlineData("2001:0DB8:0000:0000:0000:0000:0000:0001", "2001:db8::1")]
    [InlineData("2001:db8:0:1:0:0:1:0", "2001:db8:0:1::1:0")]
    [InlineData("1:0:0:1:0:0:0:1", "1:0:0:1::1")]
    [InlineData("1:0:1:1:1:1:1:1", "1:0:1:1:1:1:1:1")]
    [InlineData("::1.2.3.4", "::102:304")]
    [InlineData("1::", "1::")]
    public void Prints_addresses_canonically(string text, string canonical)
    {
        var ip = Assert.IsType<CelIp>(Call(Ip, "ip", text));
        Assert.Equal(canonical, Call(Ip, "string", ip));
        Assert.Equal(text == canonical, Call(Ip, "ip.isCanonical", text));
    }

    [Fact]
    public void Error_texts_name_the_input()
    {
        Assert.Equal("IPv4-mapped IPv6 address \"::ffff:1.2.3.4\" is not allowed", ErrorMessage(Call(Ip, "ip", "::ffff:1.2.3.4")));
        Assert.Equal("IP address \"fe80::1%eth0\" with zone value is not allowed", ErrorMessage(Call(Ip, "ip", "fe80::1%eth0")));
        Assert.StartsWith("IP Address \"1.2.3\" parse error during conversion from string: ", ErrorMessage(Call(Ip, "ip", "1.2.3")));
        Assert.StartsWith("network address parse error during conversion from string: ", ErrorMessage(Call(Cidr, "cidr", "10.0.0.0/33")));
    }

    [Theory]
    [InlineData("127.0.0.1", "isLoopback", true)]
    [InlineData("::1", "isLoopback", true)]
    [InlineData("::2", "isLoopback", false)]
    [InlineData("255.255.255.255", "isGlobalUnicast", false)]
    [InlineData("10.0.0.1", "isGlobalUnicast", true)]
    [InlineData("2001:db8::1", "isGlobalUnicast", true)]
    [InlineData("fe80::1", "isLinkLocalUnicast", true)]
    [InlineData("febf::1", "isLinkLocalUnicast", true)]
    [InlineData("fec0::1", "isLinkLocalUnicast", false)]
    [InlineData("ff02::2", "isLinkLocalMulticast", true)]
    [InlineData("224.0.1.1", "isLinkLocalMulticast", false)]
    [InlineData("::", "isUnspecified", true)]
    [InlineData("ff05::1", "isGlobalUnicast", false)]
    public void Classifies_addresses_like_netip(string text, string test, bool expected) =>
        Assert.Equal(expected, Call(Ip, test, Call(Ip, "ip", text)));

    [Theory]
    [InlineData("10.0.0.0/8", true)]
    [InlineData("10.1.2.3/8", true)]
    [InlineData("::/0", true)]
    [InlineData("2001:db8::/129", false)]
    [InlineData("10.0.0.0/08", false)]
    [InlineData("10.0.0.0", false)]
    [InlineData("10.0.0.0/", false)]
    [InlineData("10.0.0.0/-1", false)]
    [InlineData("::ffff:10.0.0.0/104", false)]
    [InlineData("fe80::1%eth0/64", false)]
    public void Cidr_parsing(string text, bool valid) => Assert.Equal(valid, Call(Cidr, "isCIDR", text));

    [Fact]
    public void Cidr_containment_respects_family_and_prefix_length()
    {
        var net = Call(Cidr, "cidr", "10.0.0.0/8");
        Assert.Equal(true, Call(Cidr, "containsIP", net, "10.255.255.255"));
        Assert.Equal("IPv4-mapped IPv6 address \"::ffff:a00:1\" is not allowed", ErrorMessage(Call(Cidr, "containsIP", net, "::ffff:a00:1")));
        Assert.Equal(false, Call(Cidr, "containsIP", net, Call(Ip, "ip", "::a00:1")));
        Assert.Equal(false, Call(Cidr, "containsCIDR", net, "10.0.0.0/7"));
        Assert.Equal(true, Call(Cidr, "containsCIDR", net, "10.0.0.0/8"));
        Assert.Equal(false, Call(Cidr, "containsCIDR", net, "::/0"));
        Assert.Equal(true, Call(Cidr, "containsCIDR", Call(Cidr, "cidr", "::/0"), Call(Cidr, "cidr", "2001:db8::/32")));
        Assert.Equal("2001:db8::/32", Call(Cidr, "string", Call(Cidr, "masked", Call(Cidr, "cidr", "2001:db8:ffff::1/32"))));
        Assert.Equal(32L, Call(Cidr, "prefixLength", Call(Cidr, "cidr", "1.2.3.4/32")));
    }
}
