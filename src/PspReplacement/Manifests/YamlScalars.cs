using System.Globalization;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace PspReplacement.Manifests;

/// <summary>
/// Resolves a YAML scalar to plain data the way kubectl does (sigs.k8s.io/yaml over go-yaml v2, untyped):
/// quoted and block scalars are strings; plain scalars may be null, bool (true/yes/on/y ...), int (decimal,
/// 0x hex, 0o/leading-0 octal, 0b binary) or float; everything else, timestamps included, stays a string.
/// The one place these rules live: manifests, imports and the CLI's variable files (pspr cel eval) all resolve through it.
/// </summary>
public static class YamlScalars
{
    public static object? Resolve(Scalar scalar)
    {
        var text = scalar.Value;
        if (!scalar.Tag.IsEmpty)
        {
            switch (scalar.Tag.Value)
            {
                case "tag:yaml.org,2002:str": return text;
                case "tag:yaml.org,2002:null": return null;
                case "tag:yaml.org,2002:bool": return ResolvePlain(text) is bool b ? b : throw new YamlException(scalar.Start, scalar.End, $"'{text}' is not a bool");
                case "tag:yaml.org,2002:int": return ResolvePlain(text) is long or ulong ? ResolvePlain(text) : throw new YamlException(scalar.Start, scalar.End, $"'{text}' is not an int");
                case "tag:yaml.org,2002:float": return ResolvePlain(text) switch { long l => (double)l, double d => d, _ => throw new YamlException(scalar.Start, scalar.End, $"'{text}' is not a float") };
            }
        }
        return scalar.Style is ScalarStyle.Plain ? ResolvePlain(text) : text;
    }

    public static object? ResolvePlain(string text)
    {
        if (text.Length == 0) return null;
        switch (text)
        {
            case "~" or "null" or "Null" or "NULL": return null;
            case "true" or "True" or "TRUE" or "yes" or "Yes" or "YES" or "on" or "On" or "ON" or "y" or "Y": return true;
            case "false" or "False" or "FALSE" or "no" or "No" or "NO" or "off" or "Off" or "OFF" or "n" or "N": return false;
            case ".inf" or ".Inf" or ".INF" or "+.inf" or "+.Inf" or "+.INF": return double.PositiveInfinity;
            case "-.inf" or "-.Inf" or "-.INF": return double.NegativeInfinity;
            case ".nan" or ".NaN" or ".NAN": return double.NaN;
        }
        var c = text[0];
        if (!(char.IsAsciiDigit(c) || c is '-' or '+' or '.')) return text;
        return TryInteger(text, out var integer) ? integer : TryFloat(text, out var d) ? d : text;
    }

    private static bool TryInteger(string text, out object value)
    {
        value = 0L;
        var s = text.Replace("_", "", StringComparison.Ordinal);
        var negative = s.StartsWith('-');
        if (s.StartsWith('-') || s.StartsWith('+')) s = s[1..];
        if (s.Length == 0) return false;
        int radix = 10;
        if (s.StartsWith("0x", StringComparison.Ordinal)) { radix = 16; s = s[2..]; }
        else if (s.StartsWith("0o", StringComparison.Ordinal)) { radix = 8; s = s[2..]; }
        else if (s.StartsWith("0b", StringComparison.Ordinal)) { radix = 2; s = s[2..]; }
        else if (s.Length > 1 && s[0] == '0') { radix = 8; s = s[1..]; }
        if (s.Length == 0) return false;
        System.Numerics.BigInteger n = 0;
        foreach (var ch in s)
        {
            int digit = ch switch { >= '0' and <= '9' => ch - '0', >= 'a' and <= 'f' => ch - 'a' + 10, >= 'A' and <= 'F' => ch - 'A' + 10, _ => 99 };
            if (digit >= radix) return false;
            n = n * radix + digit;
        }
        if (negative) n = -n;
        if (n >= long.MinValue && n <= long.MaxValue) { value = (long)n; return true; }
        if (n > 0 && n <= ulong.MaxValue) { value = (ulong)n; return true; }
        return false;
    }

    private static bool TryFloat(string text, out double value)
    {
        value = 0;
        // YAML floats need a digit; reject things like "1.2.3" or "-" that double.Parse might accept in odd forms.
        foreach (var ch in text)
            if (!(char.IsAsciiDigit(ch) || ch is '.' or 'e' or 'E' or '-' or '+' or '_')) return false;
        return double.TryParse(text.Replace("_", "", StringComparison.Ordinal), NumberStyles.Float, CultureInfo.InvariantCulture, out value);
    }
}
