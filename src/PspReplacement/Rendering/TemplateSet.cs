using Scriban;
using Scriban.Runtime;

namespace PspReplacement.Rendering;

/// <summary>The Scriban templates in templates/: they lay out files from a model the renderer builds and hold no policy logic.</summary>
public sealed class TemplateSet
{
    private readonly Dictionary<string, Template> templates = new(StringComparer.Ordinal);

    private TemplateSet() { }

    public static TemplateSet Load(string templatesDirectory)
    {
        var set = new TemplateSet();
        var problems = new List<string>();
        if (!Directory.Exists(templatesDirectory))
            throw new InvalidInputException($"{Yaml.DisplayPath.Of(templatesDirectory)}: the templates folder does not exist; run from the repository root");
        foreach (var path in Directory.EnumerateFiles(templatesDirectory, "*.sbn").Order(StringComparer.Ordinal))
        {
            var display = Yaml.DisplayPath.Of(path);
            var template = Template.Parse(File.ReadAllText(path).Replace("\r\n", "\n"), display);
            if (template.HasErrors) problems.AddRange(template.Messages.Select(m => $"{display}:{m.Span.Start.Line + 1}:{m.Span.Start.Column + 1}: template error: {m.Message}; fix the template"));
            else set.templates[Path.GetFileNameWithoutExtension(path)] = template;
        }
        if (problems.Count > 0) throw new InvalidInputException(problems);
        return set;
    }

    /// <summary>Renders templates/NAME.sbn with the model (keys become template variables).</summary>
    public string Render(string name, IReadOnlyDictionary<string, object?> model)
    {
        if (!templates.TryGetValue(name, out var template))
            throw new InvalidInputException($"templates/{name}.sbn is missing; restore it from git");
        var globals = new ScriptObject();
        globals.Import("yaml", new Func<object?, int, string>((data, indent) => data is YamlData d ? YamlWriter.Write(d.Node, indent) : YamlWriter.Scalar(data?.ToString() ?? "", indent)));
        foreach (var (key, value) in model) globals[key] = value;
        var context = new TemplateContext { StrictVariables = true, NewLine = "\n", LoopLimit = 0 };
        context.PushGlobal(globals);
        var text = template.Render(context).Replace("\r\n", "\n");
        return text.TrimEnd('\n') + "\n";
    }
}

/// <summary>A tree the template writes as YAML through the yaml function (opaque to Scriban).</summary>
public sealed record YamlData(System.Text.Json.Nodes.JsonNode? Node);
