using System.Text;

namespace PspReplacement.Yaml;

/// <summary>Something that makes a document's text unreadable before it is parsed: where it is in the file, and what.</summary>
internal readonly record struct TextProblem(int Line, int Column, string Message);

/// <summary>The text of one document as cut out of its stream, where it starts, and a problem found while cutting it.</summary>
internal sealed record DocumentText(string Text, int FirstLine, int FirstColumn, TextProblem? Problem);

/// <summary>
/// Cuts a stream into documents exactly as apimachinery's YAMLReader does (what kubectl and the Kyverno CLI use): a
/// line that starts with "---" ends the document before it, whatever else the YAML says (a "---" inside a block
/// scalar at column 0 too), and is itself in neither. Only blanks and a comment may follow it on its line; anything
/// else is refused ("invalid Yaml document separator"), and pspr reports it as a problem of the document it starts.
/// </summary>
internal sealed class DocumentSplitter(LineSource lines)
{
    private readonly StringBuilder _text = new();
    private TextProblem? _pending;
    private int _separatorLine;

    public bool TryNext(out DocumentText document)
    {
        _text.Clear();
        var problem = _pending;
        _pending = null;
        int firstLine = 0, firstColumn = 0;
        while (lines.TryRead(out ReadOnlySpan<char> text, out var line))
        {
            if (text.StartsWith("---", StringComparison.Ordinal))
            {
                var separatorProblem = SeparatorProblem(text, line);
                // A document is over at the next separator, even one with no lines that a bad separator started.
                if (_text.Length > 0 || problem is not null)
                {
                    _pending = separatorProblem;
                    document = new DocumentText(_text.ToString(), _text.Length > 0 ? firstLine : _separatorLine, firstColumn, problem);
                    _separatorLine = line.Number;
                    return true;
                }
                _separatorLine = line.Number;
                problem = separatorProblem;
                continue;
            }
            if (_text.Length == 0) (firstLine, firstColumn) = (line.Number, line.Column);
            problem ??= Check(text, line);
            if (_text.Length + text.Length > YamlRules.MaxDocumentChars)
            {
                // Keep reading to the next separator (the documents after it are still read), but not keeping the text.
                problem ??= new TextProblem(line.Number, line.Column + 1, $"the document is larger than {YamlRules.MaxDocumentChars / (1 << 20)} Mi characters; no Kubernetes object or pspr file is (the apiserver takes at most 3 MiB per request): is this the file you meant?");
                if (_text.Length == 0) _text.Append(' ');
                continue;
            }
            _text.Append(text).Append('\n');
        }
        if (_text.Length > 0 || problem is not null)
        {
            document = new DocumentText(_text.ToString(), _text.Length > 0 ? firstLine : _separatorLine, firstColumn, problem);
            return true;
        }
        document = null!;
        return false;
    }

    private static TextProblem? SeparatorProblem(ReadOnlySpan<char> text, in TextLine line)
    {
        var rest = text[3..];
        var lead = 0;
        while (lead < rest.Length && char.IsWhiteSpace(rest[lead])) lead++;
        var trimmed = rest.Trim();
        if (trimmed.Length == 0 || trimmed[0] == '#') return null;
        return new TextProblem(line.Number, line.Column + 3 + lead + 1,
            $"content after '---' on the same line: kubectl refuses the stream there (invalid Yaml document separator: {trimmed}); put it on the next line");
    }

    /// <summary>What go-yaml's reader refuses in a line: bytes that are not UTF-8, and control characters.</summary>
    public static TextProblem? Check(ReadOnlySpan<char> text, in TextLine line)
    {
        if (line.InvalidUtf8 is var (column, octet))
            return new TextProblem(line.Number, line.Column + column + 1,
                $"invalid UTF-8 (the byte 0x{octet:X2}): go-yaml refuses it (kubectl would read it as U+FFFD); save the file as UTF-8");
        var at = text.IndexOfAnyExceptInRange(' ', '~');
        if (at < 0) return null;
        var codePoints = CodePoints(text[..at]);
        for (var i = at; i < text.Length; i++)
        {
            var c = text[i];
            if (c is ' ' or '\t' or '\r' or '\u0085' or (>= '!' and <= '~') or (>= '\u00A0' and <= '\uD7FF') or (>= '\uE000' and <= '\uFFFD'))
            {
                codePoints++;
                continue;
            }
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
                codePoints++;
                continue;
            }
            var what = char.IsSurrogate(c) ? "invalid Unicode character (an unpaired surrogate)" : $"control characters are not allowed (U+{(int)c:X4})";
            return new TextProblem(line.Number, line.Column + codePoints + 1, $"{what}; write it as an escape in a double-quoted string, such as \"\\x01\"");
        }
        return null;
    }

    private static int CodePoints(ReadOnlySpan<char> chars)
    {
        var n = 0;
        foreach (var c in chars)
            if (!char.IsLowSurrogate(c)) n++;
        return n;
    }
}
