using System.Globalization;
using System.Text;
using PspReplacement.Cel.Runtime;

namespace PspReplacement.Cel.Parsing;

/// <summary>
/// Turns literal tokens into values as cel-go does. Strings: \x and octal escapes are code points; bytes: they are
/// single bytes and other text is UTF-8. Raw literals keep backslashes. Numbers out of range are errors, not wrapped.
/// </summary>
internal static class LiteralDecoder
{
    /// <summary>Decodes a STRING or BYTES token; returns the value or an error message.</summary>
    public static (object? Value, string? Error) DecodeQuoted(string token, bool isBytes)
    {
        var i = isBytes ? 1 : 0;
        var raw = false;
        if (token[i] is 'r' or 'R') { raw = true; i++; }
        var quote = token[i];
        var triple = token.Length - i >= 6 && token[i + 1] == quote && token[i + 2] == quote;
        var q = triple ? 3 : 1;
        var body = token.Substring(i + q, token.Length - i - 2 * q);
        var bytes = new List<byte>();
        var sb = new StringBuilder();
        for (var k = 0; k < body.Length;)
        {
            var c = body[k];
            if (c != '\\' || raw)
            {
                if (isBytes)
                {
                    var width = char.IsHighSurrogate(c) && k + 1 < body.Length ? 2 : 1;
                    bytes.AddRange(Encoding.UTF8.GetBytes(body.Substring(k, width)));
                    k += width;
                }
                else { sb.Append(c); k++; }
                continue;
            }
            var e = body[k + 1];
            switch (e)
            {
                case 'a': Add('\a'); k += 2; break;
                case 'b': Add('\b'); k += 2; break;
                case 'f': Add('\f'); k += 2; break;
                case 'n': Add('\n'); k += 2; break;
                case 'r': Add('\r'); k += 2; break;
                case 't': Add('\t'); k += 2; break;
                case 'v': Add('\v'); k += 2; break;
                case '"' or '\'' or '\\' or '?' or '`': Add(e); k += 2; break;
                case >= '0' and <= '3':
                {
                    var v = (e - '0') * 64 + (body[k + 2] - '0') * 8 + (body[k + 3] - '0');
                    if (isBytes) bytes.Add((byte)v); else sb.Append((char)v);
                    k += 4;
                    break;
                }
                case 'x' or 'X':
                {
                    var v = int.Parse(body.AsSpan(k + 2, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
                    if (isBytes) bytes.Add((byte)v); else sb.Append((char)v);
                    k += 4;
                    break;
                }
                case 'u' or 'U':
                {
                    var n = e == 'u' ? 4 : 8;
                    var v = long.Parse(body.AsSpan(k + 2, n), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
                    if (v is >= 0xD800 and <= 0xDFFF || v > 0x10FFFF) return (null, "invalid unicode code point");
                    var s = char.ConvertFromUtf32((int)v);
                    if (isBytes) bytes.AddRange(Encoding.UTF8.GetBytes(s)); else sb.Append(s);
                    k += 2 + n;
                    break;
                }
                default: return (null, "invalid escape sequence");
            }
        }
        return isBytes ? (new CelBytes([.. bytes]), null) : (sb.ToString(), null);

        void Add(char ch)
        {
            if (isBytes) bytes.Add((byte)ch); else sb.Append(ch);
        }
    }

    /// <summary>NUM_INT with an optional leading minus: strconv.ParseInt semantics (no wrap-around).</summary>
    public static long? ParseInt(string token, bool negative)
    {
        var hex = token.StartsWith("0x", StringComparison.OrdinalIgnoreCase);
        var digits = hex ? token[2..] : token;
        if (!hex)
            return long.TryParse((negative ? "-" : "") + digits, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var d) ? d : null;
        if (!ulong.TryParse(digits, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var u)) return null;
        if (negative) return u <= 9223372036854775808UL ? unchecked(-(long)u) : null;
        return u <= long.MaxValue ? (long)u : null;
    }

    /// <summary>NUM_UINT (with its u/U suffix).</summary>
    public static ulong? ParseUint(string token)
    {
        var body = token[..^1];
        var hex = body.StartsWith("0x", StringComparison.OrdinalIgnoreCase);
        return hex
            ? ulong.TryParse(body[2..], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var h) ? h : null
            : ulong.TryParse(body, NumberStyles.None, CultureInfo.InvariantCulture, out var d) ? d : null;
    }

    /// <summary>NUM_FLOAT: out of range (an infinite result) is an error, as strconv.ParseFloat reports it.</summary>
    public static double? ParseDouble(string token, bool negative)
    {
        if (!double.TryParse(token, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) || double.IsInfinity(d)) return null;
        return negative ? -d : d;
    }
}
