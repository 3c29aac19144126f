using PspReplacement.Admission;

namespace PspReplacement.Testing;

/// <summary>
/// Runs cluster scenarios (tests/scenarios/*.yaml): each case admitted against the cluster's committed charts and
/// namespace labels, exactly as check --cluster does; a deny case needs a denial containing its message fragment.
/// </summary>
public sealed class ScenarioRunner(string chartsDirectory, string valuesDirectory)
{
    public static IReadOnlyList<TestFile> Load(string scenariosDirectory)
    {
        if (!Directory.Exists(scenariosDirectory)) return [];
        var problems = new List<string>();
        var files = new List<TestFile>();
        foreach (var path in Manifests.ManifestReader.FilesUnder(scenariosDirectory))
        {
            try { files.Add(TestFileReader.Read(path, scenario: true)); }
            catch (InvalidInputException e) { problems.AddRange(e.Problems); }
        }
        if (problems.Count > 0) throw new InvalidInputException(problems);
        return files;
    }

    public IEnumerable<TestOutcome> Run(TestFile file)
    {
        var suite = $"scenario {file.Cluster}";
        AdmissionSetup setup;
        try { setup = AdmissionSetup.ForCluster(ClusterCharts.Read(chartsDirectory, valuesDirectory, file.Cluster!)); }
        catch (InvalidInputException e)
        {
            return [new TestOutcome(suite, $"load charts of {file.Cluster}", file.Path, string.Join("; ", e.Problems))];
        }
        return file.Cases.Select(c =>
        {
            var verdict = CaseEvaluator.Admit(setup, c, c.Object, c.OldObject);
            return new TestOutcome(suite, c.Name, c.Location.ToString(), CaseEvaluator.Judge(c, verdict, null, $"cluster '{file.Cluster}'"));
        }).ToList();
    }
}
