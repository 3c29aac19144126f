namespace PspReplacement.Cel.Parsing;

/// <summary>
/// Splits CEL text into tokens as cel-go's ANTLR lexer does: longest match wins, keywords before identifiers,
/// whitespace and // comments skipped. A character no token can start with (or a token that cannot be completed,
/// like an unterminated string or a bad escape) is a "token recognition error" covering the text up to and including
/// the failing character; lexing resumes after it.
/// </summary>
internal sealed class Lexer(string text, ParseErrors errors)
{
    private int _pos;

    public List<Token> Tokenize()
    {
        // Roughly one token per four characters in typical expressions; sizing up front avoids most regrowth.
        var tokens = new List<Token>(Math.Min(text.Length / 4 + 8, 4096));
        while (true)
        {
            SkipTrivia();
            if (_pos >= text.Length)
            {
                tokens.Add(new Token(TokenKind.Eof, text.Length, text.Length, "<EOF>"));
                return tokens;
            }
            var start = _pos;
            var (kind, end, failAt) = Scan(start);
            if (kind is { } k)
            {
                _pos = end;
                tokens.Add(new Token(k, start, end, text[start..end]));
            }
            else
            {
                // No token matched: ANTLR reports the text through the failing character and consumes that character.
                var through = failAt >= text.Length ? text.Length : failAt + CharWidth(failAt);
                errors.ReportSyntax(start, $"token recognition error at: '{Token.EscapeForError(text[start..through])}'");
                _pos = Math.Max(through, start + CharWidth(start));
            }
        }
    }

    private int CharWidth(int i) =>
        i + 1 < text.Length && char.IsHighSurrogate(text[i]) && char.IsLowSurrogate(text[i + 1]) ? 2 : 1;

    private char At(int i) => i < text.Length ? text[i] : '\0';
    private bool Has(int i) => i < text.Length;

    private void SkipTrivia()
    {
        while (_pos < text.Length)
        {
            var c = text[_pos];
            if (c is ' ' or '\t' or '\n' or '\r' or '\f') _pos++;
            else if (c == '/' && At(_pos + 1) == '/')
            {
                while (_pos < text.Length && text[_pos] != '\n') _pos++;
            }
            else return;
        }
    }

    private static bool IsLetter(char c) => c is >= 'a' and <= 'z' or >= 'A' and <= 'Z';
    private static bool IsDigit(char c) => c is >= '0' and <= '9';
    private static bool IsHex(char c) => IsDigit(c) || c is >= 'a' and <= 'f' or >= 'A' and <= 'F';

    /// <summary>The longest token at start: (kind, end) or (null, index of the character where matching failed).</summary>
    private (TokenKind? Kind, int End, int FailAt) Scan(int s)
    {
        var c = text[s];
        var n = At(s + 1);
        switch (c)
        {
            case '=': return n == '=' ? (TokenKind.Equals, s + 2, 0) : (null, 0, s + 1);
            case '!': return n == '=' ? (TokenKind.NotEquals, s + 2, 0) : (TokenKind.Exclam, s + 1, 0);
            case '<': return n == '=' ? (TokenKind.LessEquals, s + 2, 0) : (TokenKind.Less, s + 1, 0);
            case '>': return n == '=' ? (TokenKind.GreaterEquals, s + 2, 0) : (TokenKind.Greater, s + 1, 0);
            case '&': return n == '&' ? (TokenKind.LogicalAnd, s + 2, 0) : (null, 0, s + 1);
            case '|': return n == '|' ? (TokenKind.LogicalOr, s + 2, 0) : (null, 0, s + 1);
            case '[': return (TokenKind.LBracket, s + 1, 0);
            case ']': return (TokenKind.RBracket, s + 1, 0);
            case '{': return (TokenKind.LBrace, s + 1, 0);
            case '}': return (TokenKind.RBrace, s + 1, 0);
            case '(': return (TokenKind.LParen, s + 1, 0);
            case ')': return (TokenKind.RParen, s + 1, 0);
            case ',': return (TokenKind.Comma, s + 1, 0);
            case '-': return (TokenKind.Minus, s + 1, 0);
            case '?': return (TokenKind.Question, s + 1, 0);
            case ':': return (TokenKind.Colon, s + 1, 0);
            case '+': return (TokenKind.Plus, s + 1, 0);
            case '*': return (TokenKind.Star, s + 1, 0);
            case '/': return (TokenKind.Slash, s + 1, 0);
            case '%': return (TokenKind.Percent, s + 1, 0);
            case '.':
                if (IsDigit(n)) return ScanNumber(s);
                return (TokenKind.Dot, s + 1, 0);
            case '"' or '\'': return ScanString(s, s, raw: false, TokenKind.String);
            case '`': return ScanEscapedIdentifier(s);
        }
        if (IsDigit(c)) return ScanNumber(s);
        if (IsLetter(c) || c == '_')
        {
            // String prefixes: r"..", b"..", br"..", rb is not a prefix in CEL.
            if (c is 'r' or 'R' && n is '"' or '\'')
            {
                var r = ScanString(s, s + 1, raw: true, TokenKind.String);
                if (r.Item1 is not null) return r;
            }
            else if (c is 'b' or 'B')
            {
                if (n is '"' or '\'')
                {
                    var r = ScanString(s, s + 1, raw: false, TokenKind.Bytes);
                    if (r.Item1 is not null) return r;
                }
                else if (n is 'r' or 'R' && At(s + 2) is '"' or '\'')
                {
                    var r = ScanString(s, s + 2, raw: true, TokenKind.Bytes);
                    if (r.Item1 is not null) return r;
                }
            }
            var e = s + 1;
            while (Has(e) && (IsLetter(text[e]) || IsDigit(text[e]) || text[e] == '_')) e++;
            var kind = (e - s) switch
            {
                2 when string.CompareOrdinal(text, s, "in", 0, 2) == 0 => TokenKind.In,
                4 when string.CompareOrdinal(text, s, "true", 0, 4) == 0 => TokenKind.True,
                4 when string.CompareOrdinal(text, s, "null", 0, 4) == 0 => TokenKind.Null,
                5 when string.CompareOrdinal(text, s, "false", 0, 5) == 0 => TokenKind.False,
                _ => TokenKind.Identifier,
            };
            return (kind, e, 0);
        }
        return (null, 0, s);
    }

    private (TokenKind? Kind, int End, int FailAt) ScanEscapedIdentifier(int s)
    {
        var e = s + 1;
        while (Has(e) && (IsLetter(text[e]) || IsDigit(text[e]) || text[e] is '_' or '.' or '-' or '/' or ' ')) e++;
        if (e > s + 1 && At(e) == '`' && Has(e)) return (TokenKind.EscIdentifier, e + 1, 0);
        return (null, 0, e);
    }

    private (TokenKind? Kind, int End, int FailAt) ScanNumber(int s)
    {
        // Hex: 0x HEX+ [uU]
        if (At(s) == '0' && At(s + 1) is 'x' or 'X' && IsHex(At(s + 2)))
        {
            var h = s + 2;
            while (Has(h) && IsHex(text[h])) h++;
            if (At(h) is 'u' or 'U' && Has(h)) return (TokenKind.NumUint, h + 1, 0);
            return (TokenKind.NumInt, h, 0);
        }
        var e = s;
        while (Has(e) && IsDigit(text[e])) e++;
        var isFloat = false;
        if (At(e) == '.' && Has(e) && IsDigit(At(e + 1)))
        {
            e++;
            while (Has(e) && IsDigit(text[e])) e++;
            isFloat = true;
        }
        var exponentEnd = ExponentEnd(e);
        if (exponentEnd > e) { e = exponentEnd; isFloat = true; }
        if (isFloat) return (TokenKind.NumFloat, e, 0);
        if (At(e) is 'u' or 'U' && Has(e)) return (TokenKind.NumUint, e + 1, 0);
        return (TokenKind.NumInt, e, 0);
    }

    private int ExponentEnd(int e)
    {
        if (!(Has(e) && text[e] is 'e' or 'E')) return e;
        var i = e + 1;
        if (At(i) is '+' or '-' && Has(i)) i++;
        if (!IsDigit(At(i)) || !Has(i)) return e;
        while (Has(i) && IsDigit(text[i])) i++;
        return i;
    }

    /// <summary>A quoted literal whose opening quote is at q (after any r/b prefix).</summary>
    private (TokenKind? Kind, int End, int FailAt) ScanString(int s, int q, bool raw, TokenKind kind)
    {
        var quote = text[q];
        if (At(q + 1) == quote && At(q + 2) == quote && Has(q + 2))
        {
            var triple = ScanBody(q + 3, quote, raw, triple: true);
            if (triple.ok) return (kind, triple.end, 0);
            // An unterminated """ still matched "" (an empty string) first: ANTLR backs up to it.
            return (kind, q + 2, 0);
        }
        var single = ScanBody(q + 1, quote, raw, triple: false);
        return single.ok ? (kind, single.end, 0) : (null, 0, single.end);
    }

    /// <summary>Scans a string body from i: (true, end after the closing quote) or (false, index of the failing character).</summary>
    private (bool ok, int end) ScanBody(int i, char quote, bool raw, bool triple)
    {
        while (true)
        {
            if (!Has(i)) return (false, i);
            var c = text[i];
            if (triple)
            {
                if (c == quote && At(i + 1) == quote && At(i + 2) == quote && Has(i + 2)) return (true, i + 3);
            }
            else
            {
                if (c == quote) return (true, i + 1);
                if (c is '\n' or '\r') return (false, i);
            }
            if (char.IsSurrogate(c))
            {
                if (CharWidth(i) != 2) return (false, i); // a lone surrogate is not a character
                i += 2;
                continue;
            }
            if (c == '\\' && !raw)
            {
                var escapeEnd = EscapeEnd(i);
                if (escapeEnd < 0) return (false, -escapeEnd);
                i = escapeEnd;
                continue;
            }
            i++;
        }
    }

    /// <summary>End of the escape sequence starting with the backslash at i, or -(index of the failing character).</summary>
    private int EscapeEnd(int i)
    {
        var c = At(i + 1);
        if (!Has(i + 1)) return -(i + 1);
        switch (c)
        {
            case 'a' or 'b' or 'f' or 'n' or 'r' or 't' or 'v' or '"' or '\'' or '\\' or '?' or '`':
                return i + 2;
            case >= '0' and <= '3':
                for (var k = 2; k <= 3; k++)
                    if (!(Has(i + k) && At(i + k) is >= '0' and <= '7')) return -(i + k);
                return i + 4;
            case 'x' or 'X': return HexRun(i + 2, 2);
            case 'u': return HexRun(i + 2, 4);
            case 'U': return HexRun(i + 2, 8);
            default: return -(i + 1);
        }
    }

    private int HexRun(int from, int count)
    {
        for (var k = 0; k < count; k++)
            if (!(Has(from + k) && IsHex(text[from + k]))) return -(from + k);
        return from + count;
    }
}
