using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace PspReplacement.Cel.Libraries;

/// <summary>
/// RE2 regular expressions (what Go's regexp, and so cel-go and Kubernetes, accept) on .NET's linear-time
/// NonBacktracking engine. The pattern is translated from RE2 syntax to .NET syntax: ASCII-only \d \w \s and POSIX
/// classes, (?P&lt;name&gt;), \pN, \Q..\E, \x{...}, and $ meaning end of text. Constructs RE2 rejects (backreferences,
/// lookaround, atomic groups, possessive quantifiers, \Z, \G ...) are rejected with Go's error wording.
/// Compiled patterns are cached (thread-safe, bounded) because policies call matches() with literal patterns.
/// Known differences: character classes match UTF-16 units rather than code points outside the BMP (. is translated to
/// match a whole surrogate pair), and \b uses .NET's Unicode word characters.
/// </summary>
public static class Re2
{
    private const int CacheLimit = 1024;
    private static readonly ConcurrentDictionary<string, (Regex? Regex, string? Error)> Cache = new(StringComparer.Ordinal);

    /// <summary>Compiles an RE2 pattern; on failure returns null and a Go-style error ("error parsing regexp: ...").</summary>
    public static Regex? Compile(string pattern, out string? error)
    {
        if (!Cache.TryGetValue(pattern, out var entry))
        {
            entry = CompileUncached(pattern);
            // A bounded cache: when full start again rather than track recency; literal patterns refill it quickly.
            if (Cache.Count >= CacheLimit) Cache.Clear();
            Cache.TryAdd(pattern, entry);
        }
        error = entry.Error;
        return entry.Regex;
    }

    /// <summary>The compile-time check for literal patterns (Kubernetes validates regex literals from 1.29): null when valid.</summary>
    public static string? Validate(string pattern)
    {
        Compile(pattern, out var error);
        return error;
    }

    private static (Regex?, string?) CompileUncached(string pattern)
    {
        string translated;
        try { translated = Translate(pattern); }
        catch (Re2SyntaxException e) { return (null, "error parsing regexp: " + e.Message); }
        try
        {
            var regex = new Regex(translated, RegexOptions.NonBacktracking | RegexOptions.CultureInvariant, Regex.InfiniteMatchTimeout);
            return (regex, null);
        }
        catch (ArgumentException e)
        {
            return (null, "error parsing regexp: " + DescribeDotNetError(e, pattern));
        }
        catch (NotSupportedException e)
        {
            return (null, "error parsing regexp: invalid or unsupported Perl syntax: " + e.Message);
        }
    }

    private static string DescribeDotNetError(ArgumentException e, string pattern) => e is RegexParseException p
        ? p.Error switch
        {
            RegexParseError.InsufficientClosingParentheses => $"missing closing ): `{pattern}`",
            RegexParseError.InsufficientOpeningParentheses => $"unexpected ): `{pattern}`",
            RegexParseError.UnterminatedBracket => $"missing closing ]: `{pattern}`",
            RegexParseError.QuantifierAfterNothing => $"missing argument to repetition operator: `{pattern}`",
            RegexParseError.NestedQuantifiersNotParenthesized => $"invalid nested repetition operator: `{pattern}`",
            RegexParseError.ReversedCharacterRange => $"invalid character class range: `{pattern}`",
            RegexParseError.ReversedQuantifierRange => $"invalid repeat count: `{pattern}`",
            _ => $"{p.Error}: `{pattern}`",
        }
        : e.Message;

    private sealed class Re2SyntaxException(string message) : Exception(message);

    private const string WordClass = "0-9A-Za-z_";
    private const string SpaceClass = "\\t\\n\\f\\r ";

    private static readonly Dictionary<string, string> PosixClasses = new(StringComparer.Ordinal)
    {
        ["alnum"] = "0-9A-Za-z", ["alpha"] = "A-Za-z", ["ascii"] = "\\x00-\\x7F", ["blank"] = "\\t ",
        ["cntrl"] = "\\x00-\\x1F\\x7F", ["digit"] = "0-9", ["graph"] = "!-~", ["lower"] = "a-z", ["print"] = " -~",
        ["punct"] = "!-/:-@\\[-`{-~", ["space"] = "\\t\\n\\v\\f\\r ", ["upper"] = "A-Z", ["word"] = WordClass,
        ["xdigit"] = "0-9A-Fa-f",
    };

    // Unicode general categories both engines name the same way; RE2's script names (\p{Greek}) have no .NET equivalent.
    private static readonly HashSet<string> Categories = new(StringComparer.Ordinal)
    {
        "L", "Lu", "Ll", "Lt", "Lm", "Lo", "M", "Mn", "Mc", "Me", "N", "Nd", "Nl", "No", "P", "Pc", "Pd", "Ps", "Pe", "Pi", "Pf", "Po",
        "S", "Sm", "Sc", "Sk", "So", "Z", "Zs", "Zl", "Zp", "C", "Cc", "Cf", "Cs", "Co", "Cn",
    };

    /// <summary>Rewrites RE2 syntax as the equivalent .NET syntax, or throws Re2SyntaxException with Go's message.</summary>
    internal static string Translate(string p)
    {
        var sb = new StringBuilder(p.Length + 16);
        // Flags are tracked for the whole pattern (not per group): enough for the usual leading (?m) or (?s).
        var multiLine = Regex.IsMatch(p, @"\(\?[a-zA-Z]*m[a-zA-Z]*[:)]", RegexOptions.CultureInvariant);
        var dotAll = Regex.IsMatch(p, @"\(\?[a-zA-Z]*s[a-zA-Z]*[:)]", RegexOptions.CultureInvariant);
        var i = 0;
        while (i < p.Length)
        {
            var c = p[i];
            switch (c)
            {
                case '\\':
                    i = TranslateEscape(p, i, sb, inClass: false);
                    continue;
                case '[':
                    i = TranslateClass(p, i, sb);
                    continue;
                case '$':
                    // RE2's $ is end of text unless (?m); .NET's $ would also match before a final newline.
                    sb.Append(multiLine ? "$" : "\\z");
                    i++;
                    continue;
                case '(' when i + 1 < p.Length && p[i + 1] == '?':
                    i = TranslateGroupOpening(p, i, sb);
                    continue;
                case '*' or '+' or '?' or '}':
                {
                    sb.Append(c);
                    i++;
                    var isQuantifier = c != '}' || LooksLikeCountedRepeat(sb);
                    // RE2 rejects a repetition of a repetition (a**), and a trailing + (possessive in .NET and PCRE).
                    if (isQuantifier && i < p.Length && p[i] is '*' or '+')
                        throw new Re2SyntaxException($"invalid nested repetition operator: `{c}{p[i]}`");
                    continue;
                }
                case '.':
                    // RE2 matches code points; a surrogate pair is one character there, two UTF-16 units here.
                    // A lone high surrogate never matches by itself, so a pair cannot be split across two dots.
                    sb.Append(dotAll ? "(?:[\\uD800-\\uDBFF][\\uDC00-\\uDFFF]|[^\\uD800-\\uDBFF])" : "(?:[\\uD800-\\uDBFF][\\uDC00-\\uDFFF]|[^\\n\\uD800-\\uDBFF])");
                    i++;
                    continue;
                case '#' or ' ':
                    // Literal in RE2; escape so a (?x) never changes their meaning.
                    sb.Append('\\').Append(c);
                    i++;
                    continue;
                default:
                    sb.Append(c);
                    i++;
                    continue;
            }
        }
        return sb.ToString();
    }

    private static bool LooksLikeCountedRepeat(StringBuilder sb)
    {
        var s = sb.ToString();
        return Regex.IsMatch(s, @"\{\d+(,\d*)?\}$", RegexOptions.CultureInvariant);
    }

    private static int TranslateGroupOpening(string p, int i, StringBuilder sb)
    {
        var rest = p.AsSpan(i);
        if (rest.StartsWith("(?P<"))
        {
            sb.Append("(?<");
            return i + 4;
        }
        if (rest.StartsWith("(?P=") || rest.StartsWith("(?P>"))
            throw new Re2SyntaxException($"invalid named capture: `{Snippet(p, i, 4)}`");
        if (rest.StartsWith("(?<") && !(rest.StartsWith("(?<=") || rest.StartsWith("(?<!")))
        {
            sb.Append("(?<");
            return i + 3;
        }
        if (rest.StartsWith("(?:"))
        {
            sb.Append("(?:");
            return i + 3;
        }
        // Flags: (?flags) or (?flags:re) with flags from i, m, s, U and '-' for clearing.
        var j = i + 2;
        while (j < p.Length && (char.IsAsciiLetter(p[j]) || p[j] == '-')) j++;
        var flags = p[(i + 2)..j];
        if (j < p.Length && (p[j] == ')' || p[j] == ':') && flags.Length > 0)
        {
            foreach (var f in flags)
            {
                if (f == 'U') throw new Re2SyntaxException("the ungreedy flag (?U) is not supported by this engine: `(?U`; write lazy quantifiers such as *? instead");
                if (f is not ('i' or 'm' or 's' or '-')) throw new Re2SyntaxException($"invalid or unsupported Perl syntax: `(?{f}`");
            }
            sb.Append("(?").Append(flags).Append(p[j]);
            return j + 1;
        }
        var shown = j < p.Length ? p[i..(j + 1)] : p[i..];
        if (shown.Length > 3) shown = shown[..3];
        throw new Re2SyntaxException($"invalid or unsupported Perl syntax: `{shown}`");
    }

    private static string Snippet(string p, int i, int n) => p.Substring(i, Math.Min(n, p.Length - i));

    /// <summary>Translates one escape starting at p[i] == '\\'; returns the index after it.</summary>
    private static int TranslateEscape(string p, int i, StringBuilder sb, bool inClass)
    {
        if (i + 1 >= p.Length) throw new Re2SyntaxException("trailing backslash at end of expression: ``");
        var e = p[i + 1];
        switch (e)
        {
            case 'd': sb.Append(inClass ? "0-9" : "[0-9]"); return i + 2;
            case 'w': sb.Append(inClass ? WordClass : "[" + WordClass + "]"); return i + 2;
            case 's': sb.Append(inClass ? SpaceClass : "[" + SpaceClass + "]"); return i + 2;
            case 'D': sb.Append(inClass ? "\\x00-/:-\\uFFFF" : "[^0-9]"); return i + 2;
            case 'W': sb.Append(inClass ? "\\x00-/:-@\\[-\\^`{-\\uFFFF" : "[^" + WordClass + "]"); return i + 2;
            case 'S': sb.Append(inClass ? "\\x00-\\x08\\x0B\\x0E-\\x1F!-\\uFFFF" : "[^" + SpaceClass + "]"); return i + 2;
            case 'b' when inClass: throw new Re2SyntaxException("invalid escape sequence: `\\b`");
            case 'b' or 'B' or 'A' or 'z': sb.Append('\\').Append(e); return i + 2;
            case 'a' or 'f' or 't' or 'n' or 'r' or 'v': sb.Append('\\').Append(e); return i + 2;
            case 'x':
            {
                if (i + 2 < p.Length && p[i + 2] == '{')
                {
                    var close = p.IndexOf('}', i + 3);
                    if (close < 0 || !int.TryParse(p.AsSpan(i + 3, close - i - 3), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var cp) || cp > 0x10FFFF)
                        throw new Re2SyntaxException($"invalid escape sequence: `{Snippet(p, i, close < 0 ? 3 : close - i + 1)}`");
                    AppendCodePoint(sb, cp, inClass);
                    return close + 1;
                }
                if (i + 4 <= p.Length && IsHex(p[i + 2]) && IsHex(p[i + 3]))
                {
                    sb.Append("\\x").Append(p, i + 2, 2);
                    return i + 4;
                }
                throw new Re2SyntaxException($"invalid escape sequence: `{Snippet(p, i, 4)}`");
            }
            case 'p' or 'P':
            {
                string name;
                int next;
                if (i + 2 < p.Length && p[i + 2] == '{')
                {
                    var close = p.IndexOf('}', i + 3);
                    if (close < 0) throw new Re2SyntaxException($"invalid character class range: `{p[i..]}`");
                    name = p[(i + 3)..close];
                    next = close + 1;
                }
                else if (i + 2 < p.Length)
                {
                    name = p[i + 2].ToString();
                    next = i + 3;
                }
                else throw new Re2SyntaxException($"invalid character class range: `{p[i..]}`");
                var negate = e == 'P';
                if (name.StartsWith('^')) { negate = !negate; name = name[1..]; }
                if (name == "Any") { sb.Append(negate ? (inClass ? "" : "[^\\s\\S]") : (inClass ? "\\s\\S" : "[\\s\\S]")); return next; }
                if (!Categories.Contains(name))
                    throw new Re2SyntaxException($"invalid character class range: `\\{e}{{{name}}}` (Unicode scripts are not supported by this engine; use a category such as \\p{{L}})");
                sb.Append('\\').Append(negate ? 'P' : 'p').Append('{').Append(name).Append('}');
                return next;
            }
            case 'Q':
            {
                var end = p.IndexOf("\\E", i + 2, StringComparison.Ordinal);
                var literal = end < 0 ? p[(i + 2)..] : p[(i + 2)..end];
                foreach (var ch in literal) sb.Append(inClass ? EscapeClassChar(ch) : Regex.Escape(ch.ToString()));
                return end < 0 ? p.Length : end + 2;
            }
            case >= '0' and <= '9':
            {
                // Octal: \0 plus up to two more digits, or \1-\7 followed by another octal digit (up to three in all).
                // A lone \1-\9 would be a backreference, which RE2 does not have.
                var octalStart = e == '0' || e <= '7' && i + 2 < p.Length && p[i + 2] is >= '0' and <= '7';
                if (!octalStart) throw new Re2SyntaxException($"invalid escape sequence: `\\{e}`");
                var j = i + 1;
                var value = 0;
                while (j < p.Length && j < i + 4 && p[j] is >= '0' and <= '7') { value = value * 8 + (p[j] - '0'); j++; }
                AppendCodePoint(sb, value, inClass);
                return j;
            }
            default:
                // RE2 allows escaping ASCII punctuation (!-/ :-@ [-` {-~); anything else that is not an escape is an error.
                if (e is (>= '!' and <= '/') or (>= ':' and <= '@') or (>= '[' and <= '`') or (>= '{' and <= '~'))
                {
                    // .NET rejects some of these escapes (\_), so write the character the way .NET wants it.
                    sb.Append(inClass ? EscapeClassChar(e) : Regex.Escape(e.ToString()));
                    return i + 2;
                }
                throw new Re2SyntaxException($"invalid escape sequence: `\\{e}`");
        }
    }

    private static bool IsHex(char c) => char.IsAsciiHexDigit(c);

    private static void AppendCodePoint(StringBuilder sb, int cp, bool inClass)
    {
        if (cp <= 0xFFFF) { sb.Append("\\u").Append(cp.ToString("X4", CultureInfo.InvariantCulture)); return; }
        if (inClass) throw new Re2SyntaxException($"code points above U+FFFF in character classes are not supported by this engine: `\\x{{{cp:X}}}`");
        var s = char.ConvertFromUtf32(cp);
        sb.Append("(?:\\u").Append(((int)s[0]).ToString("X4", CultureInfo.InvariantCulture)).Append("\\u").Append(((int)s[1]).ToString("X4", CultureInfo.InvariantCulture)).Append(')');
    }

    private static string EscapeClassChar(char c) => c is '\\' or ']' or '[' or '^' or '-' ? "\\" + c : c.ToString();

    /// <summary>Translates a bracketed class starting at p[i] == '['; returns the index after its closing ']'.</summary>
    private static int TranslateClass(string p, int i, StringBuilder sb)
    {
        var j = i + 1;
        sb.Append('[');
        if (j < p.Length && p[j] == '^') { sb.Append('^'); j++; }
        var first = true;
        while (true)
        {
            if (j >= p.Length) throw new Re2SyntaxException($"missing closing ]: `{p[i..]}`");
            var c = p[j];
            if (c == ']' && !first) { sb.Append(']'); return j + 1; }
            first = false;
            if (c == '[' && j + 1 < p.Length && p[j + 1] == ':')
            {
                var close = p.IndexOf(":]", j + 2, StringComparison.Ordinal);
                if (close > 0)
                {
                    var name = p[(j + 2)..close];
                    if (name.StartsWith('^'))
                        throw new Re2SyntaxException($"negated POSIX classes are not supported by this engine: `[:{name}:]`");
                    if (!PosixClasses.TryGetValue(name, out var ranges))
                        throw new Re2SyntaxException($"invalid character class range: `[:{name}:]`");
                    sb.Append(ranges);
                    j = close + 2;
                    continue;
                }
            }
            if (c == '\\') { j = TranslateEscape(p, j, sb, inClass: true); continue; }
            // '[' is literal inside an RE2 class; escape it so .NET never reads a class subtraction.
            sb.Append(c == '[' ? "\\[" : c.ToString());
            j++;
        }
    }
}
