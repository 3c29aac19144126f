using System.Globalization;
using PspReplacement.Cel.Runtime;
using static PspReplacement.Cel.Libraries.LibraryValues;

namespace PspReplacement.Cel.Libraries;

/// <summary>A net.CIDR value (Kubernetes' apiservercel.CIDR): an address, not necessarily masked, and a prefix length.</summary>
public sealed class CelCidr(NetAddress address, int bits) : ICelOpaque, IEquatable<CelCidr>
{
    public static readonly CelType CelTypeValue = new("net.CIDR");
    public CelType Type => CelTypeValue;
    public NetAddress Address { get; } = address;
    public int Bits { get; } = bits;

    public bool Contains(NetAddress ip) => ip.Is4 == Address.Is4 && ip.Masked(Bits).Equals(Address.Masked(Bits));
    public bool Equals(CelCidr? other) => other is not null && Bits == other.Bits && Address.Equals(other.Address);
    public override bool Equals(object? obj) => obj is CelCidr o && Equals(o);
    public override int GetHashCode() => HashCode.Combine(Address, Bits);
    public override string ToString() => $"{Address}/{Bits}";
}

/// <summary>Kubernetes' CIDR library (k8s.io/apiserver pkg/cel/library/cidr.go), available from 1.30.</summary>
public sealed class CidrLibrary : ICelLibrary
{
    public string Name => "cidr";
    public IEnumerable<CelType> Types => [CelCidr.CelTypeValue];

    public IEnumerable<Overload> Overloads
    {
        get
        {
            var cidr = CelCidr.CelTypeValue;
            var ip = CelIp.CelTypeValue;
            yield return Overload.Of("string_to_cidr", "cidr", false, CelType.String, a => a is string s ? Parse(s) : NoSuchOverload());
            yield return Overload.Of("is_cidr", "isCIDR", false, CelType.String, a => a is string s ? CelValue.Bool(Parse(s) is CelCidr) : NoSuchOverload());
            yield return Overload.Of("cidr_contains_ip_string", "containsIP", true, cidr, CelType.String, (a, b) =>
                a is CelCidr c && b is string s ? (IpLibrary.Parse(s) is CelIp x ? CelValue.Bool(c.Contains(x.Address)) : IpLibrary.Parse(s)) : NoSuchOverload());
            yield return Overload.Of("cidr_contains_ip_ip", "containsIP", true, cidr, ip, (a, b) =>
                a is CelCidr c && b is CelIp x ? CelValue.Bool(c.Contains(x.Address)) : NoSuchOverload());
            yield return Overload.Of("cidr_contains_cidr_string", "containsCIDR", true, cidr, CelType.String, (a, b) =>
                a is CelCidr c && b is string s ? (Parse(s) is CelCidr o ? CelValue.Bool(ContainsCidr(c, o)) : Parse(s)) : NoSuchOverload());
            yield return Overload.Of("cidr_contains_cidr", "containsCIDR", true, cidr, cidr, (a, b) =>
                a is CelCidr c && b is CelCidr o ? CelValue.Bool(ContainsCidr(c, o)) : NoSuchOverload());
            yield return Overload.Of("cidr_ip", "ip", true, cidr, a => a is CelCidr c ? new CelIp(c.Address) : NoSuchOverload());
            yield return Overload.Of("cidr_masked", "masked", true, cidr, a => a is CelCidr c ? new CelCidr(c.Address.Masked(c.Bits), c.Bits) : NoSuchOverload());
            yield return Overload.Of("cidr_prefix_length", "prefixLength", true, cidr, a => a is CelCidr c ? (long)c.Bits : NoSuchOverload());
            yield return Overload.Of("cidr_to_string", "string", false, cidr, a => a is CelCidr c ? c.ToString() : NoSuchOverload());
        }
    }

    /// <summary>The other prefix lies inside this one: same family, no shorter, and its address within this range.</summary>
    private static bool ContainsCidr(CelCidr c, CelCidr other) =>
        c.Address.Is4 == other.Address.Is4 && c.Bits <= other.Bits && c.Contains(other.Address);

    /// <summary>netip.ParsePrefix plus Kubernetes' rejection of IPv4-mapped IPv6 addresses.</summary>
    internal static object Parse(string s)
    {
        var slash = s.LastIndexOf('/');
        string? problem = null;
        NetAddress? addr = null;
        var bits = -1;
        if (slash < 0) problem = $"netip.ParsePrefix(\"{s}\"): no '/'";
        else
        {
            addr = NetAddress.TryParseGo(s[..slash], out var addrError);
            var bitsText = s[(slash + 1)..];
            if (addr is null) problem = $"netip.ParsePrefix(\"{s}\"): {addrError}";
            else if (s[..slash].Contains('%')) problem = $"netip.ParsePrefix(\"{s}\"): IPv6 zones cannot be present in a prefix";
            else if (bitsText.Length == 0 || !bitsText.All(char.IsAsciiDigit) || bitsText.Length > 1 && bitsText[0] == '0'
                     || !int.TryParse(bitsText, NumberStyles.None, CultureInfo.InvariantCulture, out bits) || bits > addr.BitLength)
                problem = $"netip.ParsePrefix(\"{s}\"): bad bits after slash: \"{bitsText}\"";
        }
        if (problem is not null) return Error($"network address parse error during conversion from string: {problem}");
        if (addr!.IsV4MappedV6) return Error($"IPv4-mapped IPv6 address \"{s}\" is not allowed");
        return new CelCidr(addr, bits);
    }
}
