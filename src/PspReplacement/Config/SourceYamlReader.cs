using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace PspReplacement.Config;

/// <summary>
/// Reads YAML into <see cref="SourceNode"/> trees straight from the parser's events, so that every node keeps its
/// mark and duplicate keys are reported (a YAML map silently keeping the last duplicate would hide mistakes).
/// </summary>
public static class SourceYamlReader
{
    /// <summary>Reads a file of exactly one document. An empty file reads as an empty map.</summary>
    public static SourceNode ReadFile(string path, string displayPath)
    {
        var documents = ReadDocuments(File.ReadAllText(path), displayPath);
        return documents.Count switch
        {
            0 => new SourceMap([], new SourceMark(displayPath, 1, 1)),
            1 => documents[0],
            _ => throw new InvalidInputException($"{documents[1].Mark}: a second YAML document ('---'); this file holds one document, so remove the separator or move it to its own file"),
        };
    }

    public static IReadOnlyList<SourceNode> ReadDocuments(string text, string displayPath)
    {
        var problems = new List<string>();
        var documents = new List<SourceNode>();
        try
        {
            var parser = new Parser(new StringReader(text));
            var anchors = new Dictionary<string, SourceNode>();
            parser.Consume<StreamStart>();
            while (parser.TryConsume<DocumentStart>(out var start))
            {
                if (parser.TryConsume<DocumentEnd>(out _)) continue; // an empty document ("---" alone)
                var node = ReadNode(parser, displayPath, anchors, problems);
                parser.Consume<DocumentEnd>();
                if (!(node is SourceScalar s && s.IsNull)) documents.Add(node);
                _ = start;
            }
            parser.Consume<StreamEnd>();
        }
        catch (YamlException e)
        {
            var message = e.InnerException?.Message ?? e.Message;
            // YamlDotNet prefixes its messages with the mark; ours comes first already.
            var cut = message.IndexOf("): ", StringComparison.Ordinal);
            if (message.StartsWith("(Line:", StringComparison.Ordinal) && cut > 0) message = message[(cut + 3)..];
            problems.Add($"{displayPath}:{e.Start.Line}:{e.Start.Column}: malformed YAML: {message}; fix the syntax (indentation, quotes, ':' after keys)");
        }
        if (problems.Count > 0) throw new InvalidInputException(problems);
        return documents;
    }

    private static SourceNode ReadNode(IParser parser, string file, Dictionary<string, SourceNode> anchors, List<string> problems)
    {
        var current = parser.Current ?? throw new YamlException("unexpected end of the YAML stream");
        var mark = new SourceMark(file, (int)current.Start.Line, (int)current.Start.Column);
        switch (current)
        {
            case AnchorAlias alias:
                parser.MoveNext();
                if (anchors.TryGetValue(alias.Value.Value, out var target)) return target;
                throw new YamlException(alias.Start, alias.End, $"unknown alias *{alias.Value.Value}");
            case Scalar scalar:
            {
                parser.MoveNext();
                var quoted = scalar.Style is ScalarStyle.SingleQuoted or ScalarStyle.DoubleQuoted or ScalarStyle.Literal or ScalarStyle.Folded
                             || (!scalar.Tag.IsEmpty && !scalar.Tag.IsNonSpecific && scalar.Tag.Value == "tag:yaml.org,2002:str");
                var node = new SourceScalar(scalar.Value, quoted, mark);
                if (!scalar.Anchor.IsEmpty) anchors[scalar.Anchor.Value] = node;
                return node;
            }
            case SequenceStart sequence:
            {
                parser.MoveNext();
                var items = new List<SourceNode>();
                while (!parser.TryConsume<SequenceEnd>(out _)) items.Add(ReadNode(parser, file, anchors, problems));
                var node = new SourceList(items, mark);
                if (!sequence.Anchor.IsEmpty) anchors[sequence.Anchor.Value] = node;
                return node;
            }
            case MappingStart mapping:
            {
                parser.MoveNext();
                var entries = new List<SourceEntry>();
                var seen = new Dictionary<string, SourceMark>();
                while (!parser.TryConsume<MappingEnd>(out _))
                {
                    var key = ReadNode(parser, file, anchors, problems);
                    var value = ReadNode(parser, file, anchors, problems);
                    if (key is not SourceScalar keyScalar)
                    {
                        problems.Add($"{key.Mark}: a map key must be a plain string; write the key as text");
                        continue;
                    }
                    if (keyScalar.Text == "<<")
                    {
                        problems.Add($"{key.Mark}: YAML merge keys ('<<') are not supported; write the keys out (values files merge by layer: common, groups, cluster)");
                        continue;
                    }
                    if (seen.TryGetValue(keyScalar.Text, out var first))
                    {
                        problems.Add($"{key.Mark}: duplicate key '{keyScalar.Text}' (first written at line {first.Line}); remove one of them");
                        continue;
                    }
                    seen[keyScalar.Text] = key.Mark;
                    entries.Add(new SourceEntry(keyScalar, value));
                }
                var node = new SourceMap(entries, mark);
                if (!mapping.Anchor.IsEmpty) anchors[mapping.Anchor.Value] = node;
                return node;
            }
            default:
                throw new YamlException(current.Start, current.End, $"unexpected {current.GetType().Name}");
        }
    }
}
