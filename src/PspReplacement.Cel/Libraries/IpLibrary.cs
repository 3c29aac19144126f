using PspReplacement.Cel.Runtime;
using static PspReplacement.Cel.Libraries.LibraryValues;

namespace PspReplacement.Cel.Libraries;

/// <summary>A net.IP value (Kubernetes' apiservercel.IP).</summary>
public sealed class CelIp(NetAddress address) : ICelOpaque, IEquatable<CelIp>
{
    public static readonly CelType CelTypeValue = new("net.IP");
    public CelType Type => CelTypeValue;
    public NetAddress Address { get; } = address;
    public bool Equals(CelIp? other) => other is not null && Address.Equals(other.Address);
    public override bool Equals(object? obj) => obj is CelIp o && Equals(o);
    public override int GetHashCode() => Address.GetHashCode();
    public override string ToString() => Address.ToString();
}

/// <summary>Kubernetes' IP library (k8s.io/apiserver pkg/cel/library/ip.go), available from 1.30.</summary>
public sealed class IpLibrary : ICelLibrary
{
    public string Name => "ip";
    public IEnumerable<CelType> Types => [CelIp.CelTypeValue];

    public IEnumerable<Overload> Overloads
    {
        get
        {
            var ip = CelIp.CelTypeValue;
            yield return Overload.Of("string_to_ip", "ip", false, CelType.String, a => a is string s ? Parse(s) : NoSuchOverload());
            yield return Overload.Of("is_ip", "isIP", false, CelType.String, a => a is string s ? CelValue.Bool(NetAddress.TryParseKubernetes(s, out _) is not null) : NoSuchOverload());
            yield return Overload.Of("ip_is_canonical", "ip.isCanonical", false, CelType.String, a => a is string s ? IsCanonical(s) : NoSuchOverload());
            yield return Overload.Of("ip_family", "family", true, ip, a => a is CelIp x ? (x.Address.Is4 ? 4L : 6L) : NoSuchOverload());
            yield return Overload.Of("ip_is_unspecified", "isUnspecified", true, ip, a => Test(a, x => x.IsUnspecified));
            yield return Overload.Of("ip_is_loopback", "isLoopback", true, ip, a => Test(a, x => x.IsLoopback));
            yield return Overload.Of("ip_is_link_local_multicast", "isLinkLocalMulticast", true, ip, a => Test(a, x => x.IsLinkLocalMulticast));
            yield return Overload.Of("ip_is_link_local_unicast", "isLinkLocalUnicast", true, ip, a => Test(a, x => x.IsLinkLocalUnicast));
            yield return Overload.Of("ip_is_global_unicast", "isGlobalUnicast", true, ip, a => Test(a, x => x.IsGlobalUnicast));
            yield return Overload.Of("ip_to_string", "string", false, ip, a => a is CelIp x ? x.Address.ToString() : NoSuchOverload());
        }
    }

    internal static object Parse(string s)
    {
        var addr = NetAddress.TryParseKubernetes(s, out var error);
        return addr is null ? Error(error!) : new CelIp(addr);
    }

    private static object IsCanonical(string s)
    {
        var parsed = Parse(s);
        return parsed is CelIp ip ? CelValue.Bool(ip.Address.ToString() == s) : parsed;
    }

    private static object Test(object a, Func<NetAddress, bool> f) => a is CelIp x ? CelValue.Bool(f(x.Address)) : NoSuchOverload();
}
