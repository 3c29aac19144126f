using System.Globalization;
using System.Text;

namespace PspReplacement.Yaml;

/// <summary>
/// Reads a stream of JSON values ({...} {...}, one after another) the way apimachinery's YAMLOrJSONDecoder does when a
/// stream starts with '{': Go's encoding/json syntax and error wording, sigs.k8s.io/json's numbers (an int64 for a
/// literal without '.' that fits, else a float64, then as the apiserver receives it from kubectl: docs/yaml.md), the
/// last of duplicate keys. Values become the same source nodes as YAML, with their positions.
/// </summary>
internal sealed class JsonStreamReader
{
    private readonly LineSource _lines;
    private readonly string _file;
    private readonly YamlRules _rules;

    // The cursor: the current line and a position in it; past its end comes the line break, then the next line.
    private TextLine _line;
    private bool _haveLine;
    private bool _eof;
    private int _pos;
    private int _column;
    // Lines read since the end of the last value that was read whole: a failed value is given back from there.
    private readonly List<TextLine> _sinceLastValue = [];
    private int _lastValueEndPos;

    private bool _unfinished;
    private readonly List<YamlIssue> _problems = [];
    private readonly List<YamlIssue> _warnings = [];
    private readonly StringBuilder _sb = new();
    private long _nodes;

    public JsonStreamReader(LineSource lines, string file, YamlRules rules)
    {
        _lines = lines;
        _file = file;
        _rules = rules;
        Advance();
        if (_haveLine) _sinceLastValue.Add(_line);
    }

    private sealed class JsonSyntaxException(string problem, SourceMark mark, bool syntax = true) : Exception(problem)
    {
        public string Problem { get; } = problem;
        public SourceMark Mark { get; } = mark;
        public bool IsSyntax { get; } = syntax;
    }

    /// <summary>The next value as a document; false when only whitespace is left. A document with problems stops the JSON reading.</summary>
    public bool TryRead(int index, out YamlDocument document)
    {
        // A value left unfinished by a problem cannot be read on from where it stopped.
        if (_unfinished) SkipToNextObject();
        _problems.Clear();
        _warnings.Clear();
        _nodes = 0;
        var start = Mark();
        try
        {
            CheckUtf8();
            SkipWhitespace();
            if (_eof)
            {
                document = null!;
                return false;
            }
            start = Mark();
            var root = Value(0);
            document = new YamlDocument(index, start, _problems.Count > 0 ? null : root, _problems.ToList(), _warnings.ToList());
            MarkValueEnd();
        }
        catch (JsonSyntaxException e)
        {
            document = new YamlDocument(index, start, null, [new YamlIssue(e.Mark, e.Problem, IsSyntax: e.IsSyntax)], []);
            _unfinished = true;
        }
        catch (YamlLimitException e)
        {
            document = new YamlDocument(index, start, null, [new YamlIssue(Mark(), e.Problem)], []);
            _unfinished = true;
        }
        return true;
    }

    /// <summary>
    /// The text from the end of the last value read whole, as YAML reads it next (YAMLOrJSONDecoder rewinds there and
    /// drops the whitespace up to and including the first line break).
    /// </summary>
    public void GiveBackForYaml()
    {
        var lines = new List<TextLine>();
        for (var i = 0; i < _sinceLastValue.Count; i++)
        {
            var line = _sinceLastValue[i];
            if (i == 0 && _lastValueEndPos > 0)
            {
                var cut = line.Text[_lastValueEndPos..];
                line = line with { Text = cut, Column = line.Column + CodePoints(line.Text.AsSpan(0, _lastValueEndPos)) };
            }
            lines.Add(line);
        }
        if (lines.Count > 0)
        {
            var first = lines[0].Text;
            var skip = 0;
            while (skip < first.Length && char.IsWhiteSpace(first[skip])) skip++;
            if (skip == first.Length) lines.RemoveAt(0);
            else if (skip > 0) lines[0] = lines[0] with { Text = first[skip..], Column = lines[0].Column + CodePoints(first.AsSpan(0, skip)) };
        }
        _lines.Unread(lines);
    }

    /// <summary>After a syntax error: on to the next line that starts with '{' at its first column, where a new value may start.</summary>
    public void SkipToNextObject()
    {
        _unfinished = false;
        while (true)
        {
            if (!_lines.TryRead(out var line))
            {
                _eof = true;
                _haveLine = false;
                return;
            }
            if (line.Text.StartsWith('{'))
            {
                _line = line;
                _haveLine = true;
                _pos = 0;
                _column = 0;
                _sinceLastValue.Clear();
                _sinceLastValue.Add(line);
                _lastValueEndPos = 0;
                return;
            }
        }
    }

    private void MarkValueEnd()
    {
        _sinceLastValue.Clear();
        if (_haveLine) _sinceLastValue.Add(_line);
        _lastValueEndPos = _pos;
    }

    // ---- The cursor.

    private void Advance()
    {
        if (_lines.TryRead(out var line))
        {
            _line = line;
            _haveLine = true;
            _pos = 0;
            _column = 0;
        }
        else
        {
            _haveLine = false;
            _eof = true;
        }
    }

    /// <summary>The current character: '\n' past the end of a line, '\0' at the end of the stream (it cannot occur in valid JSON).</summary>
    private char Current => _eof ? '\0' : _pos < _line.Text.Length ? _line.Text[_pos] : '\n';

    private void Next()
    {
        if (_eof) return;
        if (_pos < _line.Text.Length)
        {
            if (char.IsHighSurrogate(_line.Text[_pos]) && _pos + 1 < _line.Text.Length) _pos++;
            _pos++;
            _column++;
            return;
        }
        Advance();
        if (_haveLine)
        {
            _sinceLastValue.Add(_line);
            CheckUtf8();
        }
    }

    // As in YAML, bytes that are not UTF-8 make their document unreadable (kubectl would read U+FFFD).
    private void CheckUtf8()
    {
        if (_haveLine && DocumentSplitter.Check(_line.Text, _line) is { } problem)
            throw new JsonSyntaxException(problem.Message, new SourceMark(_file, problem.Line, problem.Column), syntax: false);
    }

    private SourceMark Mark() => _eof
        ? new SourceMark(_file, Math.Max(_line.Number, 1), 1)
        : new SourceMark(_file, _line.Number, _line.Column + _column + 1);

    private JsonSyntaxException Error(string problem) => new(problem, Mark());

    private JsonSyntaxException Invalid(string context) =>
        _eof ? Error("unexpected EOF") : Error($"invalid character {Quote(Current)} {context}");

    private static string Quote(char c) => c switch
    {
        '\'' => "'\\''",
        '"' => "'\"'",
        '\n' => "'\\n'",
        '\r' => "'\\r'",
        '\t' => "'\\t'",
        < ' ' => $"'\\x{(int)c:x2}'",
        _ => $"'{c}'",
    };

    private void SkipWhitespace()
    {
        while (!_eof && Current is ' ' or '\t' or '\n' or '\r') Next();
    }

    private void Count()
    {
        if (++_nodes > YamlRules.MaxExpandedNodes) throw new YamlLimitException($"document is too large (more than {YamlRules.MaxExpandedNodes:N0} nodes); split it into several documents", default);
    }

    // ---- Values.

    private SourceNode Value(int depth)
    {
        SkipWhitespace();
        var at = Mark();
        Count();
        switch (Current)
        {
            case '{': return Object(at, depth);
            case '[': return Array(at, depth);
            case '"':
                var text = String();
                return new SourceScalar(text, at) { Style = ScalarStyle.DoubleQuoted, Value = text };
            case 't': Literal("true"); return new SourceScalar("true", at) { Value = true };
            case 'f': Literal("false"); return new SourceScalar("false", at) { Value = false };
            case 'n': Literal("null"); return new SourceScalar("null", at) { Value = null };
            case '-' or (>= '0' and <= '9'): return Number(at);
            default: throw Invalid("looking for beginning of value");
        }
    }

    private void Literal(string word)
    {
        foreach (var c in word)
        {
            if (Current != c) throw Invalid($"in literal {word} (expecting '{c}')");
            Next();
        }
    }

    private SourceNode Object(SourceMark at, int depth)
    {
        if (depth + 1 > YamlRules.MaxDepth) throw new YamlLimitException($"document nests deeper than {YamlRules.MaxDepth} levels", default);
        Next();
        var entries = new List<SourceEntry>();
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        SkipWhitespace();
        if (Current == '}')
        {
            Next();
            return new SourceMap(entries, at);
        }
        while (true)
        {
            SkipWhitespace();
            if (Current != '"') throw Invalid("looking for beginning of object key string");
            var keyAt = Mark();
            var name = String();
            SkipWhitespace();
            if (Current != ':') throw Invalid("after object key");
            Next();
            var value = Value(depth + 1);
            var entry = new SourceEntry(new SourceScalar(name, keyAt) { Style = ScalarStyle.DoubleQuoted, Value = name }, value) { Name = name };
            if (index.TryGetValue(name, out var first))
            {
                var firstLine = entries[first].Key.Mark.Line;
                if (_rules.DuplicateKeys == DuplicateKeys.Error)
                    _problems.Add(new YamlIssue(keyAt, $"duplicate key '{name}' (first written at line {firstLine}); remove one of them"));
                else
                    _warnings.Add(new YamlIssue(keyAt, $"duplicate key '{name}' (first written at line {firstLine}); kubectl keeps this last value, remove the other"));
                entries[first] = entry;
            }
            else
            {
                index[name] = entries.Count;
                entries.Add(entry);
            }
            SkipWhitespace();
            if (Current == ',')
            {
                Next();
                continue;
            }
            if (Current == '}')
            {
                Next();
                var map = new SourceMap(entries, at);
                for (var i = 0; i < _warnings.Count; i++)
                    if (_warnings[i].In is null) _warnings[i] = _warnings[i] with { In = map };
                return map;
            }
            throw Invalid("after object key:value pair");
        }
    }

    private SourceNode Array(SourceMark at, int depth)
    {
        if (depth + 1 > YamlRules.MaxDepth) throw new YamlLimitException($"document nests deeper than {YamlRules.MaxDepth} levels", default);
        Next();
        var items = new List<SourceNode>();
        SkipWhitespace();
        if (Current == ']')
        {
            Next();
            return new SourceList(items, at);
        }
        while (true)
        {
            items.Add(Value(depth + 1));
            SkipWhitespace();
            if (Current == ',')
            {
                Next();
                continue;
            }
            if (Current == ']')
            {
                Next();
                return new SourceList(items, at);
            }
            throw Invalid("after array element");
        }
    }

    private string String()
    {
        Next();
        var sb = _sb.Clear();
        while (true)
        {
            var c = Current;
            if (_eof) throw Error("unexpected EOF");
            if (c == '"')
            {
                Next();
                return sb.ToString();
            }
            if (c < ' ') throw Invalid("in string literal");
            if (c == '\\')
            {
                Next();
                switch (Current)
                {
                    case '"': sb.Append('"'); break;
                    case '\\': sb.Append('\\'); break;
                    case '/': sb.Append('/'); break;
                    case 'b': sb.Append('\b'); break;
                    case 'f': sb.Append('\f'); break;
                    case 'n': sb.Append('\n'); break;
                    case 'r': sb.Append('\r'); break;
                    case 't': sb.Append('\t'); break;
                    case 'u':
                        Next();
                        var unit = Hex4();
                        if (!char.IsSurrogate(unit)) sb.Append(unit);
                        else if (char.IsHighSurrogate(unit) && LowSurrogateEscapeFollows(out var low))
                        {
                            for (var i = 0; i < 6; i++) Next();
                            sb.Append(unit).Append(low);
                        }
                        // Half a pair is U+FFFD, as Go decodes it; a following escape is read on its own.
                        else sb.Append('\uFFFD');
                        continue;
                    default: throw Invalid("in string escape code");
                }
                Next();
                continue;
            }
            var from = _pos;
            Next();
            sb.Append(_line.Text, from, _pos - from);
        }
    }

    private bool LowSurrogateEscapeFollows(out char low)
    {
        low = '\0';
        var rest = _line.Text.AsSpan(_pos);
        if (rest.Length < 6 || rest[0] != '\\' || rest[1] != 'u') return false;
        if (!ushort.TryParse(rest.Slice(2, 4), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var value)) return false;
        low = (char)value;
        return char.IsLowSurrogate(low);
    }

    private char Hex4()
    {
        var value = 0;
        for (var i = 0; i < 4; i++)
        {
            var c = Current;
            if (!char.IsAsciiHexDigit(c)) throw Invalid("in \\u hexadecimal character escape");
            value = value * 16 + (c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10);
            Next();
        }
        return (char)value;
    }

    private SourceNode Number(SourceMark at)
    {
        var from = _pos;
        if (Current == '-') Next();
        if (Current == '0') Next();
        else if (Current is >= '1' and <= '9')
            while (char.IsAsciiDigit(Current)) Next();
        else throw Invalid("in numeric literal");
        if (Current == '.')
        {
            Next();
            if (!char.IsAsciiDigit(Current)) throw Invalid("after decimal point in numeric literal");
            while (char.IsAsciiDigit(Current)) Next();
        }
        if (Current is 'e' or 'E')
        {
            Next();
            if (Current is '+' or '-') Next();
            if (!char.IsAsciiDigit(Current)) throw Invalid("in exponent of numeric literal");
            while (char.IsAsciiDigit(Current)) Next();
        }
        var text = _line.Text[from.._pos];
        object value;
        // sigs.k8s.io/json: a literal without '.' that ParseInt takes (so no exponent either) is an int64.
        if (text.AsSpan().IndexOfAny(".eE") < 0 && long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l))
            value = l;
        else if (GoFloat.TryParse(text, out var d)) value = GoFloat.ThroughJson(d);
        else
        {
            _problems.Add(new YamlIssue(at, $"the number {text} is beyond float64 (kubectl fails: cannot unmarshal number {text} into Go value of type float64)"));
            value = 0L;
        }
        return new SourceScalar(text, at) { Value = value };
    }

    private static int CodePoints(ReadOnlySpan<char> chars)
    {
        var n = 0;
        foreach (var c in chars)
            if (!char.IsLowSurrogate(c)) n++;
        return n;
    }
}
