using System.Text;

namespace PspReplacement.Cel.Parsing;

/// <summary>
/// The expression text with its line table. Columns count Unicode code points, as cel-go does, so a caret lines up
/// under the character the error names even after emoji.
/// </summary>
internal sealed class SourceText
{
    private readonly int[] _lineStarts;
    // Number of surrogate pairs that end before each offset; null when the text has none (the common case), so that
    // a position is O(log lines) and parsing stays linear in the text length.
    private readonly int[]? _pairsBefore;

    public SourceText(string text)
    {
        Text = text;
        var starts = new List<int> { 0 };
        for (var i = 0; i < text.Length; i++)
            if (text[i] == '\n') starts.Add(i + 1);
        _lineStarts = [.. starts];
        if (text.AsSpan().IndexOfAnyInRange('\uD800', '\uDFFF') < 0) return;
        _pairsBefore = new int[text.Length + 1];
        for (var i = 0; i < text.Length; i++)
        {
            var pair = char.IsLowSurrogate(text[i]) && i > 0 && char.IsHighSurrogate(text[i - 1]);
            _pairsBefore[i + 1] = _pairsBefore[i] + (pair ? 1 : 0);
        }
    }

    public string Text { get; }

    public SourcePosition PositionOf(int offset)
    {
        offset = Math.Clamp(offset, 0, Text.Length);
        var line = Array.BinarySearch(_lineStarts, offset);
        if (line < 0) line = ~line - 1;
        var start = _lineStarts[line];
        var column = offset - start;
        if (_pairsBefore is not null) column -= _pairsBefore[offset] - _pairsBefore[start];
        return new SourcePosition(offset, line + 1, column + 1);
    }

    /// <summary>The text of a 1-based line without its line break.</summary>
    public string? Line(int line)
    {
        if (line < 1 || line > _lineStarts.Length) return null;
        var start = _lineStarts[line - 1];
        var end = line < _lineStarts.Length ? _lineStarts[line] - 1 : Text.Length;
        return Text[start..end];
    }

    /// <summary>
    /// cel-go's display of one error: "ERROR: &lt;input&gt;:L:C: message", the source line (tabs as spaces) and a caret line
    /// where each code point before the column is a dot (a full-width dot for a multi-byte character).
    /// </summary>
    public string Display(CelIssue issue, string description, string prefix = "ERROR: ")
    {
        var sb = new StringBuilder();
        sb.Append(prefix).Append(description).Append(':').Append(issue.Line).Append(':').Append(issue.Column).Append(": ").Append(issue.Message);
        var snippet = Line(issue.Line);
        if (snippet is null || issue.Line < 1) return sb.ToString();
        snippet = snippet.Replace('\t', ' ');
        sb.Append("\n | ").Append(snippet).Append("\n | ");
        var runes = snippet.EnumerateRunes().ToList();
        for (var i = 0; i < issue.Column - 1 && i < runes.Count; i++)
            sb.Append(runes[i].Value < 0x80 ? "." : "\uFF0E");
        var at = issue.Column - 1;
        sb.Append(at < runes.Count && runes[at].Value >= 0x80 ? "\uFF3E" : "^");
        return sb.ToString();
    }
}
