using PspReplacement.Yaml;

namespace PspReplacement.Manifests;

/// <summary>
/// The documents of one manifest stream, separated as kubectl's YAMLOrJSONDecoder separates them: a stream whose first
/// non-blank character (within its first 4096) is '{' is read as JSON values; if one of its first two values is not
/// JSON, the rest of the stream is read as YAML from the end of the last good value, and that value's JSON error
/// stands only if YAML cannot read it either. Any other stream is YAML documents, cut at "---" lines.
/// </summary>
internal static class ManifestStream
{
    private const int JsonSniffLength = 4096;

    public static IEnumerable<YamlDocument> Documents(LineSource lines, string source, YamlRules rules)
    {
        using (lines)
        {
            var index = 0;
            YamlDocument? jsonError = null;
            if (LooksLikeJson(lines))
            {
                var json = new JsonStreamReader(lines, source, rules);
                var decoded = 0;
                while (json.TryRead(index, out var document))
                {
                    if (!document.Problems.Any(p => p.IsSyntax))
                    {
                        yield return document;
                        index++;
                        decoded++;
                        continue;
                    }
                    if (decoded <= 1)
                    {
                        json.GiveBackForYaml();
                        jsonError = document;
                        break;
                    }
                    // kubectl stops at this error; pspr reports it and goes on with the next value that starts a line.
                    yield return document;
                    index++;
                }
                if (jsonError is null) yield break;
            }
            var splitter = new DocumentSplitter(lines);
            while (splitter.TryNext(out var text))
            {
                var document = YamlReader.ReadDocument(text, source, rules, index);
                if (jsonError is not null)
                {
                    if (!document.IsReadable) document = jsonError with { Index = index };
                    jsonError = null;
                }
                yield return document;
                index++;
            }
            if (jsonError is not null) yield return jsonError with { Index = index };
        }
    }

    // GuessJSONStream: the first non-blank character of the first 4096 is '{'. The lines read to find out are given back.
    private static bool LooksLikeJson(LineSource lines)
    {
        var read = new List<TextLine>();
        var seen = 0;
        var result = false;
        while (seen < JsonSniffLength && lines.TryRead(out var line))
        {
            read.Add(line);
            var text = line.Text.AsSpan(0, Math.Min(line.Text.Length, JsonSniffLength - seen));
            var at = 0;
            while (at < text.Length && char.IsWhiteSpace(text[at])) at++;
            if (at < text.Length)
            {
                result = text[at] == '{';
                break;
            }
            seen += line.Text.Length + 1;
        }
        lines.Unread(read);
        return result;
    }
}
