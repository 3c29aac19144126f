using System.Globalization;
using System.Text;

namespace PspReplacement.Yaml;

/// <summary>What go-yaml v2 decodes a scalar into when the target is interface{} (before sigs.k8s.io/yaml's JSON step).</summary>
internal enum GoKind : byte { Null, Bool, Int, Uint, Float, String }

internal readonly record struct GoValue(GoKind Kind, long Int = 0, ulong Uint = 0, double Float = 0, bool Bool = false, string? String = null)
{
    public static readonly GoValue Null = new(GoKind.Null);
    public static GoValue Of(string s) => new(GoKind.String, String: s);
}

/// <summary>
/// Scalar resolution exactly as go-yaml v2's resolve.go (resolve, parseTimestamp) and decode.go (decoder.scalar) do it,
/// followed by the JSON round trip of sigs.k8s.io/yaml (json.Marshal) and apimachinery (int64 when the JSON number
/// parses as one, else float64). Every rule and its source is listed in docs/yaml.md.
/// </summary>
internal static class ScalarResolver
{
    public const string LongTagPrefix = "tag:yaml.org,2002:";
    public const string StrTag = LongTagPrefix + "str";
    public const string BoolTag = LongTagPrefix + "bool";
    public const string IntTag = LongTagPrefix + "int";
    public const string FloatTag = LongTagPrefix + "float";
    public const string NullTag = LongTagPrefix + "null";
    public const string TimestampTag = LongTagPrefix + "timestamp";
    public const string BinaryTag = LongTagPrefix + "binary";
    public const string MergeTag = LongTagPrefix + "merge";

    private static readonly object True = true, False = false;

    // Small numbers (ports, replicas, counts) recur in every manifest; their boxes are shared.
    private static readonly object[] SmallInts = Enumerable.Range(-16, 1040).Select(i => (object)(long)i).ToArray();

    public static object Box(long value) => value is >= -16 and < 1024 ? SmallInts[value + 16] : value;

    // go-yaml's resolveMap: the words that resolve by lookup alone.
    private static readonly Dictionary<string, GoValue> Words = BuildWords();

    private static Dictionary<string, GoValue> BuildWords()
    {
        var words = new Dictionary<string, GoValue>(StringComparer.Ordinal);
        foreach (var w in new[] { "y", "Y", "yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON" }) words[w] = new GoValue(GoKind.Bool, Bool: true);
        foreach (var w in new[] { "n", "N", "no", "No", "NO", "false", "False", "FALSE", "off", "Off", "OFF" }) words[w] = new GoValue(GoKind.Bool, Bool: false);
        foreach (var w in new[] { "", "~", "null", "Null", "NULL" }) words[w] = GoValue.Null;
        foreach (var w in new[] { ".nan", ".NaN", ".NAN" }) words[w] = new GoValue(GoKind.Float, Float: double.NaN);
        foreach (var w in new[] { ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF" }) words[w] = new GoValue(GoKind.Float, Float: double.PositiveInfinity);
        foreach (var w in new[] { "-.inf", "-.Inf", "-.INF" }) words[w] = new GoValue(GoKind.Float, Float: double.NegativeInfinity);
        return words;
    }

    /// <summary>The plain (post-JSON) value of an untagged plain scalar.</summary>
    public static object? PlainValue(string text) => ToPlain(ResolvePlain(text), out _);

    /// <summary>go-yaml's resolve("", text): the value of an untagged plain scalar.</summary>
    public static GoValue ResolvePlain(string text)
    {
        var hint = Hint(text);
        if (hint == 0) return GoValue.Of(text);
        if (Words.TryGetValue(text, out var word)) return word;
        return hint switch
        {
            '.' => GoFloat.TryParseDotFloat(text, out var f) ? new GoValue(GoKind.Float, Float: f) : GoValue.Of(text),
            // A timestamp would be checked first, but its text never parses as a number either: it is a string.
            'D' or 'S' => Number(text) ?? GoValue.Of(text),
            _ => GoValue.Of(text),
        };
    }

    /// <summary>
    /// Resolves a scalar with its (long) tag as decoder.scalar does; <paramref name="plainImplicit"/> is the parser's
    /// plain_implicit (plain and untagged, or tagged "!"). Null when the tag does not fit the text; then
    /// <paramref name="problem"/> says why, in go-yaml's words.
    /// </summary>
    public static GoValue? Resolve(string? tag, string text, bool plainImplicit, out string? problem)
    {
        problem = null;
        // decoder.scalar: an untagged quoted scalar is a string whatever it says.
        if (tag is null) return plainImplicit ? ResolvePlain(text) : GoValue.Of(text);
        if (tag == BinaryTag)
        {
            if (GoBase64.TryDecode(text, out var bytes)) return GoValue.Of(GoUtf8.ToValidString(bytes));
            problem = "!!binary value contains invalid base64 data";
            return null;
        }
        if (tag is not (StrTag or BoolTag or IntTag or FloatTag or NullTag or TimestampTag)) return GoValue.Of(text);
        if (tag == StrTag) return GoValue.Of(text);

        var (resolvedTag, value) = ResolveTagged(tag, text);
        if (resolvedTag == tag) return value;
        if (tag == FloatTag && resolvedTag == IntTag && value.Kind == GoKind.Int) return new GoValue(GoKind.Float, Float: value.Int);
        problem = $"cannot decode {ShortTag(resolvedTag)} `{text}` as a {ShortTag(tag)}";
        return null;
    }

    private static (string Tag, GoValue Value) ResolveTagged(string tag, string text)
    {
        var hint = Hint(text);
        if (hint != 0)
        {
            if (Words.TryGetValue(text, out var word)) return (TagOf(word), word);
            switch (hint)
            {
                case '.':
                    if (GoFloat.TryParseDotFloat(text, out var f)) return (FloatTag, new GoValue(GoKind.Float, Float: f));
                    break;
                case 'D' or 'S':
                    if (tag == TimestampTag && GoTimestamp.IsTimestamp(text)) return (TimestampTag, GoValue.Of(text));
                    if (Number(text) is { } number) return (TagOf(number), number);
                    break;
            }
        }
        return (StrTag, GoValue.Of(text));
    }

    private static string TagOf(GoValue v) => v.Kind switch
    {
        GoKind.Null => NullTag,
        GoKind.Bool => BoolTag,
        GoKind.Int or GoKind.Uint => IntTag,
        GoKind.Float => FloatTag,
        _ => StrTag,
    };

    // resolveTable: the first byte says what a plain scalar might be; anything else is a string without further tests.
    private static char Hint(string text)
    {
        if (text.Length == 0) return 'N';
        return text[0] switch
        {
            '+' or '-' => 'S',
            >= '0' and <= '9' => 'D',
            'y' or 'Y' or 'n' or 'N' or 't' or 'T' or 'f' or 'F' or 'o' or 'O' or '~' => 'M',
            '.' => '.',
            _ => '\0',
        };
    }

    // The 'D' and 'S' branch of resolve after the timestamp test: ints (strconv.ParseInt base 0 after removing '_'),
    // then unsigned, then the float pattern, then the 0b forms ParseInt already covers.
    private static GoValue? Number(string text)
    {
        var plain = text.Contains('_') ? text.Replace("_", "", StringComparison.Ordinal) : text;
        if (GoStrconv.TryParseInt(plain, 0, out var i)) return new GoValue(GoKind.Int, Int: i);
        if (GoStrconv.TryParseUint(plain, 0, out var u)) return new GoValue(GoKind.Uint, Uint: u);
        if (GoFloat.MatchesYamlFloat(plain) && GoFloat.TryParse(plain, out var f)) return new GoValue(GoKind.Float, Float: f);
        if (plain.StartsWith("0b", StringComparison.Ordinal))
        {
            if (GoStrconv.TryParseInt(plain[2..], 2, out i)) return new GoValue(GoKind.Int, Int: i);
            if (GoStrconv.TryParseUint(plain[2..], 2, out u)) return new GoValue(GoKind.Uint, Uint: u);
        }
        else if (plain.StartsWith("-0b", StringComparison.Ordinal) && GoStrconv.TryParseInt("-" + plain[3..], 2, out i))
            return new GoValue(GoKind.Int, Int: i);
        return null;
    }

    /// <summary>"!!str" for "tag:yaml.org,2002:str"; other tags as they are (go-yaml's shortTag).</summary>
    public static string ShortTag(string tag) => tag.StartsWith(LongTagPrefix, StringComparison.Ordinal) ? "!!" + tag[LongTagPrefix.Length..] : tag;

    /// <summary>
    /// The value as apimachinery holds it after sigs.k8s.io/yaml's json.Marshal and the int64-or-float64 decoding: a
    /// float that JSON prints as an integer within int64 becomes a long, an unsigned beyond int64 a double. Infinity and
    /// NaN have no JSON form: null is returned and <paramref name="problem"/> is json.Marshal's complaint.
    /// </summary>
    public static object? ToPlain(GoValue value, out string? problem)
    {
        problem = null;
        switch (value.Kind)
        {
            case GoKind.Null: return null;
            case GoKind.Bool: return value.Bool ? True : False;
            case GoKind.Int: return Box(value.Int);
            case GoKind.Uint: return double.Parse(value.Uint.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
            case GoKind.Float:
                if (double.IsFinite(value.Float)) return GoFloat.ThroughJson(value.Float);
                problem = $"json: unsupported value: {(double.IsNaN(value.Float) ? "NaN" : value.Float > 0 ? "+Inf" : "-Inf")}";
                return null;
            default: return value.String;
        }
    }

    /// <summary>
    /// The JSON key sigs.k8s.io/yaml makes of a scalar key (convertToJSONableObject): strings as they are, ints in
    /// decimal, floats as strconv.FormatFloat(f, 'g', -1, 32), bools as true/false. Null for null and unsigned keys,
    /// which it refuses ("unsupported map key").
    /// </summary>
    public static string? KeyName(GoValue value) => value.Kind switch
    {
        GoKind.String => value.String,
        GoKind.Int => value.Int.ToString(CultureInfo.InvariantCulture),
        GoKind.Bool => value.Bool ? "true" : "false",
        GoKind.Float => GoFloat.FormatG32(value.Float),
        _ => null,
    };
}

/// <summary>strconv.ParseInt and ParseUint for the bases resolve.go uses (0: prefix decides, and 2).</summary>
internal static class GoStrconv
{
    public static bool TryParseInt(string s, int radix, out long value)
    {
        value = 0;
        if (s.Length == 0) return false;
        var negative = false;
        var digits = s.AsSpan();
        if (digits[0] is '+' or '-')
        {
            negative = digits[0] == '-';
            digits = digits[1..];
        }
        if (!TryParseUnsigned(digits, radix, out var magnitude)) return false;
        if (negative)
        {
            if (magnitude > 1UL << 63) return false;
            value = magnitude == 1UL << 63 ? long.MinValue : -(long)magnitude;
            return true;
        }
        if (magnitude >= 1UL << 63) return false;
        value = (long)magnitude;
        return true;
    }

    public static bool TryParseUint(string s, int radix, out ulong value) => TryParseUnsigned(s.AsSpan(), radix, out value);

    private static bool TryParseUnsigned(ReadOnlySpan<char> s, int radix, out ulong value)
    {
        value = 0;
        if (s.Length == 0) return false;
        if (radix == 0)
        {
            radix = 10;
            if (s[0] == '0')
            {
                var prefix = s.Length >= 3 ? char.ToLowerInvariant(s[1]) : '\0';
                radix = prefix switch { 'b' => 2, 'o' => 8, 'x' => 16, _ => 8 };
                s = prefix is 'b' or 'o' or 'x' ? s[2..] : s[1..];
            }
        }
        foreach (var c in s)
        {
            var digit = c switch
            {
                >= '0' and <= '9' => c - '0',
                >= 'a' and <= 'z' => c - 'a' + 10,
                >= 'A' and <= 'Z' => c - 'A' + 10,
                _ => 99,
            };
            if (digit >= radix) return false;
            if (value > (ulong.MaxValue - (ulong)digit) / (ulong)radix) return false;
            value = value * (ulong)radix + (ulong)digit;
        }
        return true;
    }
}

/// <summary>encoding/base64 StdEncoding.DecodeString: padding required, CR and LF ignored, any other blank refused.</summary>
internal static class GoBase64
{
    public static bool TryDecode(string text, out byte[] bytes)
    {
        bytes = [];
        var clean = text.Contains('\n') || text.Contains('\r') ? text.Replace("\r", "", StringComparison.Ordinal).Replace("\n", "", StringComparison.Ordinal) : text;
        foreach (var c in clean)
            if (!(char.IsAsciiLetterOrDigit(c) || c is '+' or '/' or '=')) return false;
        if (clean.Length % 4 != 0) return false;
        var buffer = new byte[clean.Length / 4 * 3];
        if (!Convert.TryFromBase64String(clean, buffer, out var written)) return false;
        bytes = buffer.AsSpan(0, written).ToArray();
        return true;
    }
}

/// <summary>Go strings are bytes; json.Marshal writes every byte that is not valid UTF-8 as U+FFFD, one per byte.</summary>
internal static class GoUtf8
{
    public static string ToValidString(byte[] bytes)
    {
        var sb = new StringBuilder(bytes.Length);
        var span = bytes.AsSpan();
        while (span.Length > 0)
        {
            if (System.Text.Rune.DecodeFromUtf8(span, out var rune, out var consumed) == System.Buffers.OperationStatus.Done)
            {
                sb.Append(rune.ToString());
                span = span[consumed..];
            }
            else
            {
                sb.Append('\uFFFD');
                span = span[1..];
            }
        }
        return sb.ToString();
    }
}
