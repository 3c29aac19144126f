using System.Globalization;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace PspReplacement.Cli.Cel;

/// <summary>
/// Reads one YAML (or JSON) document as plain data for binding a CEL variable: mappings become
/// Dictionary&lt;string, object?&gt;, sequences List&lt;object?&gt;, and plain scalars resolve to null, bool, long (ulong
/// past long's range) or double as kubectl resolves them; quoted and block scalars always stay strings.
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
            var value = scalar.Style == ScalarStyle.Plain && scalar.Tag.IsEmpty ? ResolvePlain(scalar.Value) : scalar.Value;
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

    /// <summary>
    /// Resolves a plain scalar as kubectl does before it sends an object (sigs.k8s.io/yaml, YAML 1.1 rules), so a
    /// value here is what the API server's CEL would see, and what pspr check reads: yes/no/on/off are bools, integers
    /// may be hex (0x), octal (0o or a leading 0) or binary (0b) with '_' separators, too large for long is ulong.
    /// (The same rules as PspReplacement.Manifests.YamlScalars, which is internal to the domain assembly.)
    /// </summary>
    internal static object? ResolvePlain(string text)
    {
        switch (text)
        {
            case "" or "~" or "null" or "Null" or "NULL": return null;
            case "true" or "True" or "TRUE" or "yes" or "Yes" or "YES" or "on" or "On" or "ON" or "y" or "Y": return true;
            case "false" or "False" or "FALSE" or "no" or "No" or "NO" or "off" or "Off" or "OFF" or "n" or "N": return false;
            case ".inf" or ".Inf" or ".INF" or "+.inf" or "+.Inf" or "+.INF": return double.PositiveInfinity;
            case "-.inf" or "-.Inf" or "-.INF": return double.NegativeInfinity;
            case ".nan" or ".NaN" or ".NAN": return double.NaN;
        }
        if (!(char.IsAsciiDigit(text[0]) || text[0] is '-' or '+' or '.')) return text;
        if (Integer(text.Replace("_", "", StringComparison.Ordinal)) is { } integer) return integer;
        if (text.All(c => char.IsAsciiDigit(c) || c is '.' or 'e' or 'E' or '-' or '+' or '_')
            && double.TryParse(text.Replace("_", "", StringComparison.Ordinal), NumberStyles.Float, CultureInfo.InvariantCulture, out var d))
            return d;
        return text;
    }

    private static object? Integer(string s)
    {
        var negative = s.StartsWith('-');
        if (s.StartsWith('-') || s.StartsWith('+')) s = s[1..];
        var radix = 10;
        if (s.StartsWith("0x", StringComparison.Ordinal)) (radix, s) = (16, s[2..]);
        else if (s.StartsWith("0o", StringComparison.Ordinal)) (radix, s) = (8, s[2..]);
        else if (s.StartsWith("0b", StringComparison.Ordinal)) (radix, s) = (2, s[2..]);
        else if (s.Length > 1 && s[0] == '0') (radix, s) = (8, s[1..]);
        if (s.Length == 0) return null;
        System.Numerics.BigInteger n = 0;
        foreach (var c in s)
        {
            var digit = char.IsAsciiDigit(c) ? c - '0' : char.IsAsciiHexDigit(c) ? char.ToLowerInvariant(c) - 'a' + 10 : 99;
            if (digit >= radix) return null;
            n = n * radix + digit;
        }
        if (negative) n = -n;
        if (n >= long.MinValue && n <= long.MaxValue) return (long)n;
        if (n > 0 && n <= ulong.MaxValue) return (ulong)n;
        return null;
    }
}
