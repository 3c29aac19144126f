using System.Globalization;
using PspReplacement.Manifests;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace PspReplacement.Cli.Cel;

/// <summary>
/// Reads one YAML (or JSON) document as plain data for binding a CEL variable: mappings become
/// Dictionary&lt;string, object?&gt;, sequences List&lt;object?&gt;, and scalars resolve as kubectl resolves them
/// (<see cref="YamlScalars"/>): plain ones to null, bool, long (ulong past long's range) or double; quoted and block
/// scalars stay strings.
/// </summary>
public static class PlainYaml
{
    /// <summary>The single document of a file. Throws InvalidInputException naming file, line and column.</summary>
    public static object? ReadFile(string path, string what)
    {
        string text;
        try { text = File.ReadAllText(path); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InvalidInputException($"{path}: cannot read the {what}: {e.Message}");
        }
        return Read(text, path, what);
    }

    public static object? Read(string text, string source, string what)
    {
        var parser = new Parser(new StringReader(text));
        try
        {
            parser.Consume<StreamStart>();
            if (parser.TryConsume<StreamEnd>(out _)) return null;
            parser.Consume<DocumentStart>();
            var value = parser.Accept<DocumentEnd>(out _) ? null : ReadNode(parser, new Dictionary<string, object?>(StringComparer.Ordinal));
            parser.Consume<DocumentEnd>();
            if (!parser.Accept<StreamEnd>(out _))
            {
                var at = parser.Current!.Start;
                throw new InvalidInputException($"{source}:{at.Line}:{at.Column}: the {what} has more than one YAML document; put one document in the file");
            }
            return value;
        }
        catch (YamlException e)
        {
            var reason = e.InnerException?.Message ?? e.Message;
            throw new InvalidInputException($"{source}:{e.Start.Line}:{e.Start.Column}: the {what} is not valid YAML or JSON: {reason}");
        }
    }

    private static object? ReadNode(IParser parser, Dictionary<string, object?> anchors)
    {
        if (parser.TryConsume<AnchorAlias>(out var alias))
            return anchors.TryGetValue(alias.Value.Value, out var target) ? target : throw new YamlException(alias.Start, alias.End, $"unknown alias '*{alias.Value}'");
        if (parser.TryConsume<Scalar>(out var scalar))
        {
            // kubectl's rules, shared with pspr check, so a value here is what the API server's CEL would see.
            var value = YamlScalars.Resolve(scalar);
            if (!scalar.Anchor.IsEmpty) anchors[scalar.Anchor.Value] = value;
            return value;
        }
        if (parser.TryConsume<SequenceStart>(out var sequence))
        {
            var list = new List<object?>();
            if (!sequence.Anchor.IsEmpty) anchors[sequence.Anchor.Value] = list;
            while (!parser.TryConsume<SequenceEnd>(out _)) list.Add(ReadNode(parser, anchors));
            return list;
        }
        var mapping = parser.Consume<MappingStart>();
        var map = new Dictionary<string, object?>(StringComparer.Ordinal);
        if (!mapping.Anchor.IsEmpty) anchors[mapping.Anchor.Value] = map;
        while (!parser.TryConsume<MappingEnd>(out _))
        {
            var keyStart = parser.Current!.Start;
            var key = ReadNode(parser, anchors);
            if (key is not string && key is not null && key is not long && key is not bool)
                throw new YamlException(keyStart, keyStart, "a mapping key must be a scalar");
            var name = key switch { null => "null", bool b => b ? "true" : "false", long l => l.ToString(CultureInfo.InvariantCulture), _ => (string)key };
            if (!map.TryAdd(name, ReadNode(parser, anchors)))
                throw new YamlException(keyStart, keyStart, $"duplicate key '{name}'");
        }
        return map;
    }
}
