using System.Globalization;
using System.Text;

namespace PspReplacement.Cel.Libraries;

/// <summary>
/// An IP address with Go netip semantics: IPv4 (4 bytes) or IPv6 (16 bytes), dotted quads without leading zeros,
/// RFC 5952 text for IPv6. Kubernetes rejects zones and IPv4-mapped IPv6 addresses on top of netip.ParseAddr.
/// </summary>
public sealed class NetAddress : IEquatable<NetAddress>
{
    private readonly byte[] _bytes;
    private NetAddress(byte[] bytes) => _bytes = bytes;

    public bool Is4 => _bytes.Length == 4;
    public ReadOnlySpan<byte> Bytes => _bytes;
    public int BitLength => _bytes.Length * 8;

    public static NetAddress FromBytes(byte[] bytes) => new((byte[])bytes.Clone());

    /// <summary>netip.ParseAddr; error is Go's "ParseAddr(...)" text when the text is not an address.</summary>
    public static NetAddress? TryParseGo(string s, out string? error)
    {
        error = null;
        if (s.Length == 0) { error = "ParseAddr(\"\"): unable to parse IP"; return null; }
        // As netip: the first '.' or ':' decides the family.
        var separator = s.IndexOfAny(['.', ':']);
        if (separator < 0)
        {
            error = $"ParseAddr(\"{s}\"): unable to parse IP";
            return null;
        }
        string? problem;
        var bytes = s[separator] == '.' ? ParseV4(s, out problem) : ParseV6(s, out problem);
        if (bytes is null)
        {
            error = $"ParseAddr(\"{s}\"): {problem}";
            return null;
        }
        return new NetAddress(bytes);
    }

    /// <summary>Kubernetes' parseIPAddr: netip.ParseAddr without zones and without IPv4-mapped IPv6.</summary>
    public static NetAddress? TryParseKubernetes(string s, out string? error)
    {
        var zone = s.IndexOf('%');
        if (zone > 0 && s.IndexOf(':') is var colon && colon >= 0 && colon < zone && zone < s.Length - 1
            && TryParseGo(s[..zone], out _) is { Is4: false })
        {
            error = $"IP address \"{s}\" with zone value is not allowed";
            return null;
        }
        var addr = TryParseGo(s, out var goError);
        if (addr is null)
        {
            error = $"IP Address \"{s}\" parse error during conversion from string: {goError}";
            return null;
        }
        if (addr.IsV4MappedV6) { error = $"IPv4-mapped IPv6 address \"{s}\" is not allowed"; return null; }
        error = null;
        return addr;
    }

    private static byte[]? ParseV4(string s, out string? error)
    {
        error = null;
        var parts = s.Split('.');
        if (parts.Length != 4) { error = parts.Length < 4 ? "IPv4 address too short" : "IPv4 address too long"; return null; }
        var bytes = new byte[4];
        for (var k = 0; k < 4; k++)
        {
            var p = parts[k];
            if (p.Length == 0) { error = "IPv4 field must have at least one digit"; return null; }
            if (p.Length > 1 && p[0] == '0') { error = "IPv4 field has octet with leading zero"; return null; }
            if (!p.All(char.IsAsciiDigit)) { error = $"unexpected character"; return null; }
            if (p.Length > 3 || int.Parse(p, CultureInfo.InvariantCulture) > 255) { error = "IPv4 field has value >255"; return null; }
            bytes[k] = (byte)int.Parse(p, CultureInfo.InvariantCulture);
        }
        return bytes;
    }

    private static byte[]? ParseV6(string s, out string? error)
    {
        error = null;
        if (s.Contains('%')) { error = "zones are not allowed"; return null; }
        var bytes = new byte[16];
        var ellipsis = -1;
        var i = 0;
        var n = 0;
        if (s.StartsWith("::", StringComparison.Ordinal)) { ellipsis = 0; i = 2; if (i == s.Length) return bytes; }
        while (i < s.Length)
        {
            var start = i;
            var value = 0;
            while (i < s.Length && char.IsAsciiHexDigit(s[i]) && i - start < 5) { value = value * 16 + Convert.ToInt32(s[i].ToString(), 16); i++; }
            if (i - start > 4) { error = "each group must have 4 or less digits"; return null; }
            if (i < s.Length && s[i] == '.')
            {
                // Embedded IPv4 in the last 32 bits.
                if (ellipsis < 0 && n != 12 || n + 4 > 16) { error = "embedded IPv4 address must replace the final 2 fields of the address"; return null; }
                var v4 = ParseV4(s[start..], out var e4);
                if (v4 is null) { error = e4; return null; }
                v4.CopyTo(bytes, n);
                n += 4;
                i = s.Length;
                break;
            }
            if (i == start) { error = "each colon-separated field must have at least one digit"; return null; }
            if (n + 2 > 16) { error = "address string too long"; return null; }
            bytes[n] = (byte)(value >> 8);
            bytes[n + 1] = (byte)value;
            n += 2;
            if (i == s.Length) break;
            if (s[i] != ':') { error = "unexpected character, want colon"; return null; }
            i++;
            if (i < s.Length && s[i] == ':')
            {
                if (ellipsis >= 0) { error = "multiple :: in address"; return null; }
                ellipsis = n;
                i++;
                if (i == s.Length) break;
            }
            else if (i == s.Length) { error = "colon must be followed by more characters"; return null; }
        }
        if (ellipsis < 0 && n != 16) { error = "address string too short"; return null; }
        if (ellipsis >= 0)
        {
            if (n == 16) { error = "the :: must expand to at least one field of zeros"; return null; }
            var tail = n - ellipsis;
            Array.Copy(bytes, ellipsis, bytes, 16 - tail, tail);
            Array.Clear(bytes, ellipsis, 16 - tail - ellipsis);
        }
        return bytes;
    }

    public bool IsV4MappedV6 => !Is4 && _bytes.AsSpan(0, 10).IndexOfAnyExcept((byte)0) < 0 && _bytes[10] == 0xff && _bytes[11] == 0xff;
    public bool IsUnspecified => _bytes.AsSpan().IndexOfAnyExcept((byte)0) < 0;
    public bool IsLoopback => Is4 ? _bytes[0] == 127 : _bytes.AsSpan(0, 15).IndexOfAnyExcept((byte)0) < 0 && _bytes[15] == 1;
    public bool IsMulticast => Is4 ? (_bytes[0] & 0xf0) == 0xe0 : _bytes[0] == 0xff;
    public bool IsLinkLocalMulticast => Is4 ? _bytes[0] == 224 && _bytes[1] == 0 && _bytes[2] == 0 : _bytes[0] == 0xff && (_bytes[1] & 0x0f) == 0x02;
    public bool IsLinkLocalUnicast => Is4 ? _bytes[0] == 169 && _bytes[1] == 254 : _bytes[0] == 0xfe && (_bytes[1] & 0xc0) == 0x80;
    public bool IsGlobalUnicast =>
        !(Is4 && _bytes.AsSpan().IndexOfAnyExcept((byte)255) < 0) && !IsUnspecified && !IsLoopback && !IsMulticast && !IsLinkLocalUnicast;

    /// <summary>The address with all bits after the first <paramref name="bits"/> cleared.</summary>
    public NetAddress Masked(int bits)
    {
        var b = (byte[])_bytes.Clone();
        for (var k = 0; k < b.Length; k++)
        {
            var keep = Math.Clamp(bits - k * 8, 0, 8);
            b[k] &= (byte)(0xff << (8 - keep));
        }
        return new NetAddress(b);
    }

    public override string ToString()
    {
        if (Is4) return string.Join('.', _bytes.Select(b => b.ToString(CultureInfo.InvariantCulture)));
        var groups = new int[8];
        for (var k = 0; k < 8; k++) groups[k] = _bytes[2 * k] << 8 | _bytes[2 * k + 1];
        // RFC 5952: compress the longest run (at least two) of zero groups, the first such run on a tie.
        int bestStart = -1, bestLen = 0;
        for (var k = 0; k < 8;)
        {
            if (groups[k] != 0) { k++; continue; }
            var j = k;
            while (j < 8 && groups[j] == 0) j++;
            if (j - k > bestLen && j - k >= 2) { bestStart = k; bestLen = j - k; }
            k = j;
        }
        var sb = new StringBuilder();
        for (var k = 0; k < 8; k++)
        {
            if (k == bestStart) { sb.Append("::"); k += bestLen - 1; continue; }
            if (sb.Length > 0 && sb[^1] != ':') sb.Append(':');
            sb.Append(groups[k].ToString("x", CultureInfo.InvariantCulture));
        }
        return sb.ToString();
    }

    public bool Equals(NetAddress? other) => other is not null && _bytes.AsSpan().SequenceEqual(other._bytes);
    public override bool Equals(object? obj) => obj is NetAddress a && Equals(a);
    public override int GetHashCode() { var h = new HashCode(); h.AddBytes(_bytes); return h.ToHashCode(); }
}
