using PspReplacement.Cel.Runtime;
using static PspReplacement.Cel.Libraries.LibraryValues;

namespace PspReplacement.Cel.Libraries;

/// <summary>cel-go's ext.Encoders (not in Kubernetes' base environment): base64.encode(bytes) and base64.decode(string), padding optional.</summary>
public sealed class EncodersLibrary : ICelLibrary
{
    public string Name => "encoders";

    public IEnumerable<Overload> Overloads =>
    [
        Overload.Of("base64_encode_bytes", "base64.encode", false, CelType.Bytes, a => a is CelBytes b ? Convert.ToBase64String(b.Data.Span) : NoSuchOverload()),
        Overload.Of("base64_decode_string", "base64.decode", false, CelType.String, a => a is string s ? Decode(s) : NoSuchOverload()),
    ];

    /// <summary>Go's base64.StdEncoding, falling back to the unpadded RawStdEncoding as cel-go does.</summary>
    private static object Decode(string s)
    {
        var bad = s.AsSpan().IndexOfAnyExcept("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=\r\n");
        if (bad >= 0) return Error($"illegal base64 data at input byte {bad}");
        var clean = s.Replace("\r", "").Replace("\n", "");
        var body = clean.TrimEnd('=');
        var padding = clean.Length - body.Length;
        if (body.Contains('=') || padding > 2 || body.Length % 4 == 1 || padding > 0 && clean.Length % 4 != 0)
            return Error($"illegal base64 data at input byte {Math.Max(0, body.Length)}");
        var padded = body + new string('=', (4 - body.Length % 4) % 4);
        var buffer = new byte[padded.Length];
        return Convert.TryFromBase64String(padded, buffer, out var written)
            ? new CelBytes(buffer[..written])
            : Error($"illegal base64 data at input byte {body.Length}");
    }
}
