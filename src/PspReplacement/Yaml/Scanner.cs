using System.Text;

namespace PspReplacement.Yaml;

/// <summary>
/// Turns the text of one document into tokens the way go-yaml v2's scanner (scannerc.go, a port of libyaml) does:
/// the same simple-key rules (a key is at most 1024 characters and on one line), the same indentation and tab rules,
/// the same scalar folding and chomping, the same error wording. The text has been checked for characters YAML
/// refuses before it gets here.
/// </summary>
internal sealed class Scanner
{
    private const int MaxSimpleKeyLength = 1024;

    private struct SimpleKey
    {
        public bool Possible;
        public bool Required;
        public int TokenNumber;
        public TextMark Mark;
    }

    private readonly string _s;
    private readonly int _maxDepth;
    private int _p;
    private int _index, _line, _column;

    private bool _streamStartProduced;
    private bool _streamEndProduced;
    private int _flowLevel;
    private readonly TokenQueue _tokens = new();
    private int _tokensParsed;
    private bool _tokenAvailable;
    private int _indent = -1;
    private readonly List<int> _indents = [];
    private bool _simpleKeyAllowed;
    private readonly List<SimpleKey> _simpleKeys = [];
    private readonly Dictionary<int, int> _simpleKeysByToken = [];

    private readonly StringBuilder _text = new();
    private readonly StringBuilder _leadingBreak = new();
    private readonly StringBuilder _trailingBreaks = new();
    private readonly StringBuilder _whitespaces = new();

    public Scanner(string text, int maxDepth)
    {
        _s = text;
        _maxDepth = maxDepth;
    }

    public TextMark Mark => new(_index, _line, _column, _p);

    /// <summary>Whether a mark is the end of the text (where an unclosed construct is found out).</summary>
    public bool IsAtEnd(TextMark mark) => AtEnd && mark.Index >= _index;

    // ---- Character classes (go-yaml's yamlprivateh.go), on the character at an offset from the current one.

    private char At(int offset)
    {
        var i = _p + offset;
        return (uint)i < (uint)_s.Length ? _s[i] : '\0';
    }

    private static bool IsBreak(char c) => c is '\r' or '\n' or '\u0085' or '\u2028' or '\u2029';
    private static bool IsBreakZ(char c) => c is '\r' or '\n' or '\u0085' or '\u2028' or '\u2029' or '\0';
    private static bool IsBlank(char c) => c is ' ' or '\t';
    private static bool IsBlankZ(char c) => c is ' ' or '\t' or '\r' or '\n' or '\u0085' or '\u2028' or '\u2029' or '\0';
    private static bool IsAlpha(char c) => char.IsAsciiLetterOrDigit(c) || c is '_' or '-';
    private static bool IsHex(char c) => char.IsAsciiHexDigit(c);
    private static int AsHex(char c) => c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10;

    private bool AtEnd => _p >= _s.Length;

    // One character forward; a surrogate pair is one character, as a code point is for go-yaml.
    private void Skip()
    {
        if (_p >= _s.Length) return;
        _p += char.IsHighSurrogate(_s[_p]) && _p + 1 < _s.Length && char.IsLowSurrogate(_s[_p + 1]) ? 2 : 1;
        _index++;
        _column++;
    }

    private void SkipLine()
    {
        if (At(0) == '\r' && At(1) == '\n')
        {
            _p += 2;
            _index += 2;
            _column = 0;
            _line++;
        }
        else if (IsBreak(At(0)))
        {
            _p++;
            _index++;
            _column = 0;
            _line++;
        }
    }

    private void Read(StringBuilder into)
    {
        var start = _p;
        Skip();
        into.Append(_s, start, _p - start);
    }

    // A line break into the text: CR LF, CR, LF and NEL become LF; LS and PS stay as they are.
    private void ReadLine(StringBuilder into)
    {
        var c = At(0);
        if (c == '\r' && At(1) == '\n')
        {
            into.Append('\n');
            _p += 2;
            _index++;
        }
        else if (c is '\r' or '\n' or '\u0085')
        {
            into.Append('\n');
            _p++;
        }
        else if (c is '\u2028' or '\u2029')
        {
            into.Append(c);
            _p++;
        }
        else return;
        _index++;
        _column = 0;
        _line++;
    }

    private YamlSyntaxException Error(string context, TextMark contextMark, string problem) => new(problem, Mark, context, contextMark);

    // ---- The token stream.

    /// <summary>The next token, without consuming it.</summary>
    public ref Token Peek()
    {
        if (!_tokenAvailable) FetchMoreTokens();
        return ref _tokens.Head;
    }

    public void SkipToken()
    {
        _tokenAvailable = false;
        _tokensParsed++;
        var token = _tokens.Dequeue();
        if (token.Kind == TokenKind.StreamEnd) _streamEndProduced = true;
    }

    public bool StreamEndProduced => _streamEndProduced;

    private void FetchMoreTokens()
    {
        while (true)
        {
            if (_tokens.Count > 0)
            {
                // More tokens are needed only while the head token may still turn out to be a simple key.
                if (!_simpleKeysByToken.TryGetValue(_tokensParsed, out var at)) break;
                if (!SimpleKeyIsValid(at)) break;
            }
            FetchNextToken();
        }
        _tokenAvailable = true;
    }

    private void FetchNextToken()
    {
        if (!_streamStartProduced)
        {
            FetchStreamStart();
            return;
        }
        ScanToNextToken();
        UnrollIndent(_column);

        var c = At(0);
        if (AtEnd)
        {
            FetchStreamEnd();
            return;
        }
        if (_column == 0)
        {
            if (c == '%')
            {
                FetchDirective();
                return;
            }
            if (c == '-' && At(1) == '-' && At(2) == '-' && IsBlankZ(At(3)))
            {
                FetchDocumentIndicator(TokenKind.DocumentStart);
                return;
            }
            if (c == '.' && At(1) == '.' && At(2) == '.' && IsBlankZ(At(3)))
            {
                FetchDocumentIndicator(TokenKind.DocumentEnd);
                return;
            }
        }
        switch (c)
        {
            case '[': FetchFlowCollectionStart(TokenKind.FlowSequenceStart); return;
            case '{': FetchFlowCollectionStart(TokenKind.FlowMappingStart); return;
            case ']': FetchFlowCollectionEnd(TokenKind.FlowSequenceEnd); return;
            case '}': FetchFlowCollectionEnd(TokenKind.FlowMappingEnd); return;
            case ',': FetchFlowEntry(); return;
        }
        if (c == '-' && IsBlankZ(At(1)))
        {
            FetchBlockEntry();
            return;
        }
        if (c == '?' && (_flowLevel > 0 || IsBlankZ(At(1))))
        {
            FetchKey();
            return;
        }
        if (c == ':' && (_flowLevel > 0 || IsBlankZ(At(1))))
        {
            FetchValue();
            return;
        }
        switch (c)
        {
            case '*': FetchAnchor(TokenKind.Alias); return;
            case '&': FetchAnchor(TokenKind.Anchor); return;
            case '!': FetchTag(); return;
            case '|' when _flowLevel == 0: FetchBlockScalar(literal: true); return;
            case '>' when _flowLevel == 0: FetchBlockScalar(literal: false); return;
            case '\'': FetchFlowScalar(single: true); return;
            case '"': FetchFlowScalar(single: false); return;
        }
        // A plain scalar starts with anything but an indicator, or with '-', '?' or ':' followed by a non-blank.
        if (!(IsBlankZ(c) || c is '-' or '?' or ':' or ',' or '[' or ']' or '{' or '}' or '#' or '&' or '*' or '!' or '|' or '>' or '\'' or '"' or '%' or '@' or '`')
            || (c == '-' && !IsBlank(At(1)))
            || (_flowLevel == 0 && c is '?' or ':' && !IsBlankZ(At(1))))
        {
            FetchPlainScalar();
            return;
        }
        throw Error("while scanning for the next token", Mark, "found character that cannot start any token");
    }

    // ---- Simple keys: a scalar or collection that turns out to be a mapping key once its ':' is seen.

    private bool SimpleKeyIsValid(int at)
    {
        var key = _simpleKeys[at];
        if (!key.Possible) return false;
        if (key.Mark.Line < _line || key.Mark.Index + MaxSimpleKeyLength < _index)
        {
            if (key.Required) throw Error("while scanning a simple key", key.Mark, "could not find expected ':'");
            key.Possible = false;
            _simpleKeys[at] = key;
            return false;
        }
        return true;
    }

    private void SaveSimpleKey()
    {
        // A simple key is required at the indentation of a block mapping: there the ':' must follow.
        var required = _flowLevel == 0 && _indent == _column;
        if (!_simpleKeyAllowed) return;
        var key = new SimpleKey { Possible = true, Required = required, TokenNumber = _tokensParsed + _tokens.Count, Mark = Mark };
        RemoveSimpleKey();
        _simpleKeys[^1] = key;
        _simpleKeysByToken[key.TokenNumber] = _simpleKeys.Count - 1;
    }

    private void RemoveSimpleKey()
    {
        var i = _simpleKeys.Count - 1;
        var key = _simpleKeys[i];
        if (!key.Possible) return;
        if (key.Required) throw Error("while scanning a simple key", key.Mark, "could not find expected ':'");
        key.Possible = false;
        _simpleKeys[i] = key;
        _simpleKeysByToken.Remove(key.TokenNumber);
    }

    private void IncreaseFlowLevel()
    {
        _simpleKeys.Add(new SimpleKey { TokenNumber = _tokensParsed + _tokens.Count, Mark = Mark });
        _flowLevel++;
        if (_flowLevel > _maxDepth) throw new YamlLimitException($"document nests deeper than {_maxDepth} levels", Mark);
    }

    private void DecreaseFlowLevel()
    {
        if (_flowLevel == 0) return;
        _flowLevel--;
        _simpleKeysByToken.Remove(_simpleKeys[^1].TokenNumber);
        _simpleKeys.RemoveAt(_simpleKeys.Count - 1);
    }

    // ---- Indentation: block collections start where the indentation grows and end where it shrinks.

    private void RollIndent(int column, int number, TokenKind kind, TextMark mark)
    {
        if (_flowLevel > 0) return;
        if (_indent >= column) return;
        _indents.Add(_indent);
        _indent = column;
        if (_indents.Count > _maxDepth) throw new YamlLimitException($"document nests deeper than {_maxDepth} levels", mark);
        var token = new Token(kind, mark, mark);
        if (number < 0) _tokens.Add(token);
        else _tokens.Insert(number - _tokensParsed, token);
    }

    private void UnrollIndent(int column)
    {
        if (_flowLevel > 0) return;
        while (_indent > column)
        {
            _tokens.Add(new Token(TokenKind.BlockEnd, Mark, Mark));
            _indent = _indents[^1];
            _indents.RemoveAt(_indents.Count - 1);
        }
    }

    // ---- Fetchers, one per kind of token.

    private void FetchStreamStart()
    {
        _indent = -1;
        _simpleKeys.Add(new SimpleKey());
        _simpleKeyAllowed = true;
        _streamStartProduced = true;
        _tokens.Add(new Token(TokenKind.StreamStart, Mark, Mark));
    }

    private void FetchStreamEnd()
    {
        // The stream ends on a line of its own.
        if (_column != 0)
        {
            _column = 0;
            _line++;
        }
        UnrollIndent(-1);
        RemoveSimpleKey();
        _simpleKeyAllowed = false;
        _tokens.Add(new Token(TokenKind.StreamEnd, Mark, Mark));
    }

    private void FetchDirective()
    {
        UnrollIndent(-1);
        RemoveSimpleKey();
        _simpleKeyAllowed = false;
        _tokens.Add(ScanDirective());
    }

    private void FetchDocumentIndicator(TokenKind kind)
    {
        UnrollIndent(-1);
        RemoveSimpleKey();
        _simpleKeyAllowed = false;
        var start = Mark;
        Skip();
        Skip();
        Skip();
        _tokens.Add(new Token(kind, start, Mark));
    }

    private void FetchFlowCollectionStart(TokenKind kind)
    {
        SaveSimpleKey();
        IncreaseFlowLevel();
        _simpleKeyAllowed = true;
        AddOneCharToken(kind);
    }

    private void FetchFlowCollectionEnd(TokenKind kind)
    {
        RemoveSimpleKey();
        DecreaseFlowLevel();
        _simpleKeyAllowed = false;
        AddOneCharToken(kind);
    }

    /// <summary>A token that is the one character at the cursor (an indicator such as <c>,</c>, <c>-</c>, <c>?</c>, <c>:</c>).</summary>
    private void AddOneCharToken(TokenKind kind)
    {
        var start = Mark;
        Skip();
        _tokens.Add(new Token(kind, start, Mark));
    }

    private void FetchFlowEntry()
    {
        RemoveSimpleKey();
        _simpleKeyAllowed = true;
        AddOneCharToken(TokenKind.FlowEntry);
    }

    private void FetchBlockEntry()
    {
        if (_flowLevel == 0)
        {
            if (!_simpleKeyAllowed) throw Error("", Mark, "block sequence entries are not allowed in this context");
            RollIndent(_column, -1, TokenKind.BlockSequenceStart, Mark);
        }
        RemoveSimpleKey();
        _simpleKeyAllowed = true;
        AddOneCharToken(TokenKind.BlockEntry);
    }

    private void FetchKey()
    {
        if (_flowLevel == 0)
        {
            if (!_simpleKeyAllowed) throw Error("", Mark, "mapping keys are not allowed in this context");
            RollIndent(_column, -1, TokenKind.BlockMappingStart, Mark);
        }
        RemoveSimpleKey();
        _simpleKeyAllowed = _flowLevel == 0;
        AddOneCharToken(TokenKind.Key);
    }

    private void FetchValue()
    {
        var top = _simpleKeys.Count - 1;
        if (SimpleKeyIsValid(top))
        {
            // The saved simple key was a key after all: a KEY token goes in front of it (and a block mapping start
            // before that, when the key opens a mapping).
            var key = _simpleKeys[top];
            _tokens.Insert(key.TokenNumber - _tokensParsed, new Token(TokenKind.Key, key.Mark, key.Mark));
            RollIndent(key.Mark.Column, key.TokenNumber, TokenKind.BlockMappingStart, key.Mark);
            key.Possible = false;
            _simpleKeys[top] = key;
            _simpleKeysByToken.Remove(key.TokenNumber);
            _simpleKeyAllowed = false;
        }
        else
        {
            if (_flowLevel == 0)
            {
                if (!_simpleKeyAllowed) throw Error("", Mark, "mapping values are not allowed in this context");
                RollIndent(_column, -1, TokenKind.BlockMappingStart, Mark);
            }
            _simpleKeyAllowed = _flowLevel == 0;
        }
        AddOneCharToken(TokenKind.Value);
    }

    private void FetchAnchor(TokenKind kind)
    {
        SaveSimpleKey();
        _simpleKeyAllowed = false;
        _tokens.Add(ScanAnchor(kind));
    }

    private void FetchTag()
    {
        SaveSimpleKey();
        _simpleKeyAllowed = false;
        _tokens.Add(ScanTag());
    }

    private void FetchBlockScalar(bool literal)
    {
        RemoveSimpleKey();
        _simpleKeyAllowed = true;
        _tokens.Add(ScanBlockScalar(literal));
    }

    private void FetchFlowScalar(bool single)
    {
        SaveSimpleKey();
        _simpleKeyAllowed = false;
        _tokens.Add(ScanFlowScalar(single));
    }

    private void FetchPlainScalar()
    {
        SaveSimpleKey();
        _simpleKeyAllowed = false;
        _tokens.Add(ScanPlainScalar());
    }

    // ---- Between tokens: blanks, comments, line breaks.

    private void ScanToNextToken()
    {
        while (true)
        {
            // Tabs are whitespace inside flow collections and after a token on a line, never as indentation.
            while (At(0) == ' ' || ((_flowLevel > 0 || !_simpleKeyAllowed) && At(0) == '\t')) Skip();
            if (At(0) == '#')
                while (!IsBreakZ(At(0))) Skip();
            if (!IsBreak(At(0))) return;
            SkipLine();
            if (_flowLevel == 0) _simpleKeyAllowed = true;
        }
    }

    // ---- Directives: %YAML and %TAG.

    private Token ScanDirective()
    {
        var start = Mark;
        Skip();
        var name = ScanDirectiveName(start);
        Token token;
        if (name == "YAML")
        {
            var (major, minor) = ScanVersionDirectiveValue(start);
            token = new Token(TokenKind.VersionDirective, start, Mark) { Major = major, Minor = minor };
        }
        else if (name == "TAG")
        {
            var (handle, prefix) = ScanTagDirectiveValue(start);
            token = new Token(TokenKind.TagDirective, start, Mark) { Value = handle, Suffix = prefix };
        }
        else throw Error("while scanning a directive", start, "found unknown directive name");

        while (IsBlank(At(0))) Skip();
        if (At(0) == '#')
            while (!IsBreakZ(At(0))) Skip();
        if (!IsBreakZ(At(0))) throw Error("while scanning a directive", start, "did not find expected comment or line break");
        if (IsBreak(At(0))) SkipLine();
        return token;
    }

    private string ScanDirectiveName(TextMark start)
    {
        var from = _p;
        while (IsAlpha(At(0))) Skip();
        if (_p == from) throw Error("while scanning a directive", start, "could not find expected directive name");
        if (!IsBlankZ(At(0))) throw Error("while scanning a directive", start, "found unexpected non-alphabetical character");
        return _s[from.._p];
    }

    private (int Major, int Minor) ScanVersionDirectiveValue(TextMark start)
    {
        while (IsBlank(At(0))) Skip();
        var major = ScanVersionNumber(start);
        if (At(0) != '.') throw Error("while scanning a %YAML directive", start, "did not find expected digit or '.' character");
        Skip();
        return (major, ScanVersionNumber(start));
    }

    private int ScanVersionNumber(TextMark start)
    {
        int value = 0, length = 0;
        while (char.IsAsciiDigit(At(0)))
        {
            if (++length > 2) throw Error("while scanning a %YAML directive", start, "found extremely long version number");
            value = value * 10 + (At(0) - '0');
            Skip();
        }
        if (length == 0) throw Error("while scanning a %YAML directive", start, "did not find expected version number");
        return value;
    }

    private (string Handle, string Prefix) ScanTagDirectiveValue(TextMark start)
    {
        while (IsBlank(At(0))) Skip();
        var handle = ScanTagHandle(directive: true, start);
        if (!IsBlank(At(0))) throw Error("while scanning a %TAG directive", start, "did not find expected whitespace");
        while (IsBlank(At(0))) Skip();
        var prefix = ScanTagUri(directive: true, head: null, start);
        if (!IsBlankZ(At(0))) throw Error("while scanning a %TAG directive", start, "did not find expected whitespace or line break");
        return (handle, prefix);
    }

    // ---- Anchors, aliases and tags.

    private Token ScanAnchor(TokenKind kind)
    {
        var start = Mark;
        Skip();
        var from = _p;
        while (IsAlpha(At(0))) Skip();
        var end = Mark;
        var c = At(0);
        if (_p == from || !(IsBlankZ(c) || c is '?' or ':' or ',' or ']' or '}' or '%' or '@' or '`'))
            throw Error(kind == TokenKind.Anchor ? "while scanning an anchor" : "while scanning an alias", start, "did not find expected alphabetic or numeric character");
        return new Token(kind, start, end) { Value = _s[from.._p] };
    }

    private Token ScanTag()
    {
        var start = Mark;
        string handle, suffix;
        if (At(1) == '<')
        {
            // A verbatim tag: !<uri>
            Skip();
            Skip();
            handle = "";
            suffix = ScanTagUri(directive: false, head: null, start);
            if (At(0) != '>') throw Error("while scanning a tag", start, "did not find the expected '>'");
            Skip();
        }
        else
        {
            handle = ScanTagHandle(directive: false, start);
            if (handle.Length > 1 && handle[0] == '!' && handle[^1] == '!')
            {
                suffix = ScanTagUri(directive: false, head: null, start);
            }
            else
            {
                // "!foo" is the handle "!" and the suffix "foo"; a lone "!" is the non-specific tag.
                suffix = ScanTagUri(directive: false, head: handle, start);
                handle = "!";
                if (suffix.Length == 0) (handle, suffix) = ("", "!");
            }
        }
        if (!IsBlankZ(At(0))) throw Error("while scanning a tag", start, "did not find expected whitespace or line break");
        return new Token(TokenKind.Tag, start, Mark) { Value = handle, Suffix = suffix };
    }

    private string ScanTagHandle(bool directive, TextMark start)
    {
        var context = directive ? "while parsing a %TAG directive" : "while parsing a tag";
        if (At(0) != '!') throw Error(context, start, "did not find expected '!'");
        var from = _p;
        Skip();
        while (IsAlpha(At(0))) Skip();
        if (At(0) == '!') Skip();
        else if (directive && _p - from != 1) throw Error(context, start, "did not find expected '!'");
        return _s[from.._p];
    }

    private string ScanTagUri(bool directive, string? head, TextMark start)
    {
        var sb = _text.Clear();
        var hasTag = !string.IsNullOrEmpty(head);
        if (head is { Length: > 1 }) sb.Append(head, 1, head.Length - 1);
        while (IsAlpha(At(0)) || At(0) is ';' or '/' or '?' or ':' or '@' or '&' or '=' or '+' or '$' or ',' or '.' or '!' or '~' or '*' or '\'' or '(' or ')' or '[' or ']' or '%')
        {
            if (At(0) == '%') ScanUriEscapes(directive, start, sb);
            else Read(sb);
            hasTag = true;
        }
        if (!hasTag) throw Error(directive ? "while parsing a %TAG directive" : "while parsing a tag", start, "did not find expected tag URI");
        return sb.ToString();
    }

    // %xx escapes in a tag URI spell UTF-8 octets, which must form one character.
    private void ScanUriEscapes(bool directive, TextMark start, StringBuilder sb)
    {
        var context = directive ? "while parsing a %TAG directive" : "while parsing a tag";
        Span<byte> octets = stackalloc byte[4];
        int width = 0, count = 0;
        do
        {
            if (!(At(0) == '%' && IsHex(At(1)) && IsHex(At(2)))) throw Error(context, start, "did not find URI escaped octet");
            var octet = (byte)((AsHex(At(1)) << 4) + AsHex(At(2)));
            if (count == 0)
            {
                width = (octet & 0x80) == 0 ? 1 : (octet & 0xE0) == 0xC0 ? 2 : (octet & 0xF0) == 0xE0 ? 3 : (octet & 0xF8) == 0xF0 ? 4 : 0;
                if (width == 0) throw Error(context, start, "found an incorrect leading UTF-8 octet");
            }
            else if ((octet & 0xC0) != 0x80) throw Error(context, start, "found an incorrect trailing UTF-8 octet");
            octets[count++] = octet;
            Skip();
            Skip();
            Skip();
        }
        while (count < width);
        sb.Append(Encoding.UTF8.GetString(octets[..count]));
    }

    // ---- Block scalars: | and >.

    private Token ScanBlockScalar(bool literal)
    {
        var start = Mark;
        Skip();
        int chomping = 0, increment = 0;
        if (At(0) is '+' or '-')
        {
            chomping = At(0) == '+' ? 1 : -1;
            Skip();
            if (char.IsAsciiDigit(At(0)))
            {
                if (At(0) == '0') throw Error("while scanning a block scalar", start, "found an indentation indicator equal to 0");
                increment = At(0) - '0';
                Skip();
            }
        }
        else if (char.IsAsciiDigit(At(0)))
        {
            if (At(0) == '0') throw Error("while scanning a block scalar", start, "found an indentation indicator equal to 0");
            increment = At(0) - '0';
            Skip();
            if (At(0) is '+' or '-')
            {
                chomping = At(0) == '+' ? 1 : -1;
                Skip();
            }
        }
        while (IsBlank(At(0))) Skip();
        if (At(0) == '#')
            while (!IsBreakZ(At(0))) Skip();
        if (!IsBreakZ(At(0))) throw Error("while scanning a block scalar", start, "did not find expected comment or line break");
        if (IsBreak(At(0))) SkipLine();

        var end = Mark;
        var indent = increment > 0 ? (_indent >= 0 ? _indent + increment : increment) : 0;
        var text = _text.Clear();
        var leadingBreak = _leadingBreak.Clear();
        var trailingBreaks = _trailingBreaks.Clear();
        ScanBlockScalarBreaks(ref indent, trailingBreaks, start, ref end);

        bool leadingBlank = false;
        while (_column == indent && !AtEnd)
        {
            var trailingBlank = IsBlank(At(0));
            // Folding: a single line break between two non-indented lines becomes a space.
            if (!literal && !leadingBlank && !trailingBlank && leadingBreak.Length > 0 && leadingBreak[0] == '\n')
            {
                if (trailingBreaks.Length == 0) text.Append(' ');
            }
            else text.Append(leadingBreak);
            leadingBreak.Clear();
            text.Append(trailingBreaks);
            trailingBreaks.Clear();
            leadingBlank = IsBlank(At(0));

            var from = _p;
            while (!IsBreakZ(At(0))) Skip();
            text.Append(_s, from, _p - from);
            ReadLine(leadingBreak);
            ScanBlockScalarBreaks(ref indent, trailingBreaks, start, ref end);
        }
        if (chomping != -1) text.Append(leadingBreak);
        if (chomping == 1) text.Append(trailingBreaks);
        return new Token(TokenKind.Scalar, start, end) { Value = text.ToString(), Style = literal ? ScalarStyle.Literal : ScalarStyle.Folded };
    }

    // The blank lines before the next content line. With no indentation indicator the content's indentation is the
    // deepest of these blank lines and the first content line, and at least one more than the enclosing block's.
    private void ScanBlockScalarBreaks(ref int indent, StringBuilder breaks, TextMark start, ref TextMark end)
    {
        end = Mark;
        var maxIndent = 0;
        while (true)
        {
            while ((indent == 0 || _column < indent) && At(0) == ' ') Skip();
            if (_column > maxIndent) maxIndent = _column;
            if ((indent == 0 || _column < indent) && At(0) == '\t')
                throw Error("while scanning a block scalar", start, "found a tab character where an indentation space is expected");
            if (!IsBreak(At(0))) break;
            ReadLine(breaks);
            end = Mark;
        }
        if (indent == 0)
        {
            indent = maxIndent;
            if (indent < _indent + 1) indent = _indent + 1;
            if (indent < 1) indent = 1;
        }
    }

    // ---- Quoted scalars: '...' and "...".

    private Token ScanFlowScalar(bool single)
    {
        var start = Mark;
        Skip();
        var text = _text.Clear();
        var leadingBreak = _leadingBreak.Clear();
        var trailingBreaks = _trailingBreaks.Clear();
        var whitespaces = _whitespaces.Clear();
        int runStart = -1, runEnd = -1;
        while (true)
        {
            if (_column == 0 && ((At(0) == '-' && At(1) == '-' && At(2) == '-') || (At(0) == '.' && At(1) == '.' && At(2) == '.')) && IsBlankZ(At(3)))
                throw Error("while scanning a quoted scalar", start, "found unexpected document indicator");
            if (AtEnd) throw Error("while scanning a quoted scalar", start, "found unexpected end of stream");

            var leadingBlanks = false;
            while (!IsBlankZ(At(0)))
            {
                var c = At(0);
                if (single && c == '\'' && At(1) == '\'')
                {
                    Flush(text, ref runStart, runEnd);
                    text.Append('\'');
                    Skip();
                    Skip();
                }
                else if (single ? c == '\'' : c == '"') break;
                else if (!single && c == '\\' && IsBreak(At(1)))
                {
                    // An escaped line break joins the lines without a space.
                    Skip();
                    SkipLine();
                    leadingBlanks = true;
                    break;
                }
                else if (!single && c == '\\')
                {
                    Flush(text, ref runStart, runEnd);
                    ScanEscape(text, start);
                }
                else
                {
                    // A run of ordinary characters at once. The first run is only remembered: a scalar that is just
                    // that run is then cut out of the text, without copying it into the builder.
                    var from = _p;
                    do Skip();
                    while (!IsBlankZ(At(0)) && At(0) is not ('\'' or '"' or '\\'));
                    if (text.Length == 0 && runStart < 0) (runStart, runEnd) = (from, _p);
                    else
                    {
                        Flush(text, ref runStart, runEnd);
                        text.Append(_s, from, _p - from);
                    }
                }
            }
            if (At(0) == (single ? '\'' : '"')) break;
            Flush(text, ref runStart, runEnd);

            while (IsBlank(At(0)) || IsBreak(At(0)))
            {
                if (IsBlank(At(0)))
                {
                    if (!leadingBlanks) Read(whitespaces);
                    else Skip();
                }
                else if (!leadingBlanks)
                {
                    whitespaces.Clear();
                    ReadLine(leadingBreak);
                    leadingBlanks = true;
                }
                else ReadLine(trailingBreaks);
            }
            if (leadingBlanks)
            {
                if (leadingBreak.Length > 0 && leadingBreak[0] == '\n')
                {
                    if (trailingBreaks.Length == 0) text.Append(' ');
                    else text.Append(trailingBreaks);
                }
                else
                {
                    text.Append(leadingBreak);
                    text.Append(trailingBreaks);
                }
                trailingBreaks.Clear();
                leadingBreak.Clear();
            }
            else
            {
                text.Append(whitespaces);
                whitespaces.Clear();
            }
        }
        var value = runStart >= 0 && text.Length == 0 ? StringPool.Get(_s.AsSpan(runStart, runEnd - runStart)) : Flushed(text, ref runStart, runEnd);
        Skip();
        return new Token(TokenKind.Scalar, start, Mark) { Value = value, Style = single ? ScalarStyle.SingleQuoted : ScalarStyle.DoubleQuoted };
    }

    private void ScanEscape(StringBuilder text, TextMark start)
    {
        var length = 0;
        switch (At(1))
        {
            case '0': text.Append('\0'); break;
            case 'a': text.Append('\a'); break;
            case 'b': text.Append('\b'); break;
            case 't' or '\t': text.Append('\t'); break;
            case 'n': text.Append('\n'); break;
            case 'v': text.Append('\v'); break;
            case 'f': text.Append('\f'); break;
            case 'r': text.Append('\r'); break;
            case 'e': text.Append('\x1B'); break;
            case ' ': text.Append(' '); break;
            case '"': text.Append('"'); break;
            case '\'': text.Append('\''); break;
            case '\\': text.Append('\\'); break;
            case 'N': text.Append('\u0085'); break;
            case '_': text.Append('\u00A0'); break;
            case 'L': text.Append('\u2028'); break;
            case 'P': text.Append('\u2029'); break;
            case 'x': length = 2; break;
            case 'u': length = 4; break;
            case 'U': length = 8; break;
            default: throw Error("while parsing a quoted scalar", start, "found unknown escape character");
        }
        Skip();
        Skip();
        if (length == 0) return;
        var value = 0L;
        for (var k = 0; k < length; k++)
        {
            if (!IsHex(At(k))) throw Error("while parsing a quoted scalar", start, "did not find expected hexdecimal number");
            value = (value << 4) + AsHex(At(k));
        }
        if (value is >= 0xD800 and <= 0xDFFF || value > 0x10FFFF)
            throw Error("while parsing a quoted scalar", start, "found invalid Unicode character escape code");
        text.Append(char.ConvertFromUtf32((int)value));
        for (var k = 0; k < length; k++) Skip();
    }

    // ---- Plain scalars.

    private Token ScanPlainScalar()
    {
        var text = _text.Clear();
        var leadingBreak = _leadingBreak.Clear();
        var trailingBreaks = _trailingBreaks.Clear();
        var whitespaces = _whitespaces.Clear();
        var leadingBlanks = false;
        var indent = _indent + 1;
        var start = Mark;
        var end = Mark;
        // Most plain scalars are one run of characters: it is cut out of the text without copying into the builder.
        int runStart = -1, runEnd = -1;
        while (true)
        {
            if (_column == 0 && ((At(0) == '-' && At(1) == '-' && At(2) == '-') || (At(0) == '.' && At(1) == '.' && At(2) == '.')) && IsBlankZ(At(3)))
                break;
            if (At(0) == '#') break;
            while (!IsBlankZ(At(0)))
            {
                var c = At(0);
                if ((c == ':' && IsBlankZ(At(1))) || (_flowLevel > 0 && c is ',' or '?' or '[' or ']' or '{' or '}')) break;
                if (leadingBlanks || whitespaces.Length > 0)
                {
                    Flush(text, ref runStart, runEnd);
                    if (leadingBlanks)
                    {
                        if (leadingBreak[0] == '\n')
                        {
                            if (trailingBreaks.Length == 0) text.Append(' ');
                            else text.Append(trailingBreaks);
                        }
                        else
                        {
                            text.Append(leadingBreak);
                            text.Append(trailingBreaks);
                        }
                        trailingBreaks.Clear();
                        leadingBreak.Clear();
                        leadingBlanks = false;
                    }
                    else
                    {
                        text.Append(whitespaces);
                        whitespaces.Clear();
                    }
                }
                if (runStart < 0) runStart = _p;
                Skip();
                runEnd = _p;
                end = Mark;
            }
            if (!(IsBlank(At(0)) || IsBreak(At(0)))) break;
            while (IsBlank(At(0)) || IsBreak(At(0)))
            {
                if (IsBlank(At(0)))
                {
                    if (leadingBlanks && _column < indent && At(0) == '\t')
                        throw Error("while scanning a plain scalar", start, "found a tab character that violates indentation");
                    if (!leadingBlanks) Read(whitespaces);
                    else Skip();
                }
                else if (!leadingBlanks)
                {
                    whitespaces.Clear();
                    ReadLine(leadingBreak);
                    leadingBlanks = true;
                }
                else ReadLine(trailingBreaks);
            }
            if (_flowLevel == 0 && _column < indent) break;
        }
        string value;
        if (text.Length == 0 && runStart >= 0) value = StringPool.Get(_s.AsSpan(runStart, runEnd - runStart));
        else
        {
            Flush(text, ref runStart, runEnd);
            value = text.ToString();
        }
        if (leadingBlanks) _simpleKeyAllowed = true;
        return new Token(TokenKind.Scalar, start, end) { Value = value, Style = ScalarStyle.Plain };
    }

    private string Flushed(StringBuilder text, ref int runStart, int runEnd)
    {
        Flush(text, ref runStart, runEnd);
        return text.ToString();
    }

    private void Flush(StringBuilder text, ref int runStart, int runEnd)
    {
        if (runStart < 0) return;
        text.Append(_s, runStart, runEnd - runStart);
        runStart = -1;
    }
}

/// <summary>A hostile-input limit (nesting, aliasing) was exceeded: bad input, reported like a syntax error.</summary>
internal sealed class YamlLimitException(string problem, TextMark mark) : Exception(problem)
{
    public string Problem { get; } = problem;
    public TextMark Mark { get; } = mark;
}
