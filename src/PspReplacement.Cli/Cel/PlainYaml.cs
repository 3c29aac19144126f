using System.Globalization;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace PspReplacement.Cli.Cel;

/// <summary>
/// Reads one YAML (or JSON) document as plain data for binding a CEL variable: mappings become
/// Dictionary&lt;string, object?&gt;, sequences List&lt;object?&gt;, and plain scalars resolve as YAML 1.2's core schema
/// does (null, bool, integers as long, floats as double); quoted and block scalars always stay strings.
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

    /// <summary>YAML 1.2 core schema resolution of a plain scalar.</summary>
    internal static object? ResolvePlain(string text)
    {
        switch (text)
        {
            case "" or "~" or "null" or "Null" or "NULL": return null;
            case "true" or "True" or "TRUE": return true;
            case "false" or "False" or "FALSE": return false;
            case ".inf" or ".Inf" or ".INF" or "+.inf" or "+.Inf" or "+.INF": return double.PositiveInfinity;
            case "-.inf" or "-.Inf" or "-.INF": return double.NegativeInfinity;
            case ".nan" or ".NaN" or ".NAN": return double.NaN;
        }
        if (text.StartsWith("0x", StringComparison.Ordinal) && long.TryParse(text.AsSpan(2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var hex) && hex >= 0)
            return hex;
        if (text.StartsWith("0o", StringComparison.Ordinal) && text.Length > 2 && text[2..].All(c => c is >= '0' and <= '7'))
        {
            try { return Convert.ToInt64(text[2..], 8); }
            catch (OverflowException) { return text; }
        }
        if (IsDecimalInteger(text))
        {
            if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l)) return l;
            if (ulong.TryParse(text.TrimStart('+'), NumberStyles.None, CultureInfo.InvariantCulture, out var u)) return u;
            return double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);
        }
        if (IsFloat(text)) return double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);
        return text;
    }

    private static bool IsDecimalInteger(string s)
    {
        var i = s.Length > 0 && s[0] is '-' or '+' ? 1 : 0;
        if (i == s.Length) return false;
        for (; i < s.Length; i++)
            if (!char.IsAsciiDigit(s[i])) return false;
        return true;
    }

    // [-+]? ( \. [0-9]+ | [0-9]+ ( \. [0-9]* )? ) ( [eE] [-+]? [0-9]+ )?
    private static bool IsFloat(string s)
    {
        var i = s.Length > 0 && s[0] is '-' or '+' ? 1 : 0;
        var digits = 0;
        while (i < s.Length && char.IsAsciiDigit(s[i])) { i++; digits++; }
        if (i < s.Length && s[i] == '.')
        {
            i++;
            while (i < s.Length && char.IsAsciiDigit(s[i])) { i++; digits++; }
        }
        if (digits == 0) return false;
        if (i < s.Length && s[i] is 'e' or 'E')
        {
            i++;
            if (i < s.Length && s[i] is '-' or '+') i++;
            var exponent = 0;
            while (i < s.Length && char.IsAsciiDigit(s[i])) { i++; exponent++; }
            if (exponent == 0) return false;
        }
        return i == s.Length;
    }
}
