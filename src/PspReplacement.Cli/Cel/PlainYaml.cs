using PspReplacement.Yaml;

namespace PspReplacement.Cli.Cel;

/// <summary>
/// Reads one YAML (or JSON) document as plain data for binding a CEL variable, through the YAML layer: mappings become
/// Dictionary&lt;string, object?&gt;, sequences List&lt;object?&gt;, and scalars are what kubectl's unstructured object
/// holds (docs/yaml.md): null, bool, long, double or string.
/// </summary>
public static class PlainYaml
{
    /// <summary>The single document of a file. Throws InvalidInputException naming file, line and column.</summary>
    public static object? ReadFile(string path, string what) => Single(YamlReader.ReadFile(path, path, YamlRules.Strict), path, what);

    public static object? Read(string text, string source, string what) => Single(YamlReader.ReadText(text, source, YamlRules.Strict), source, what);

    private static object? Single(IEnumerable<YamlDocument> documents, string source, string what)
    {
        SourceNode? found = null;
        foreach (var document in documents)
        {
            if (document.Problems.Count > 0)
            {
                var problem = document.Problems[0];
                if (problem.Message.StartsWith("cannot read the file", StringComparison.Ordinal))
                    throw new InvalidInputException($"{source}: cannot read the {what}: {problem.Message["cannot read the file: ".Length..]}");
                throw new InvalidInputException(document.Problems.Select(p => $"{p.Mark}: the {what} is not valid YAML or JSON: {p.Message}").ToList());
            }
            if (document.Root is null) continue;
            if (found is not null)
                throw new InvalidInputException($"{document.Root.Mark}: the {what} has more than one YAML document; put one document in the file");
            found = document.Root;
        }
        return found?.ToPlain();
    }
}
