using System.CommandLine;
using PspReplacement.Cli.Output;
using PspReplacement.Profiles;
using PspReplacement.Testing;

namespace PspReplacement.Cli.Commands;

/// <summary>pspr test: every policy's fixtures (profiles/**/tests.yaml) and every cluster scenario (tests/scenarios/*.yaml).</summary>
public static class TestCommand
{
    public static Command Create()
    {
        var junit = new Option<string?>("--junit") { Description = "Also write the results as JUnit XML to FILE" };
        var output = new Option<string>("--output", "-o") { Description = "text, json or junit (on standard output)", DefaultValueFactory = _ => "text" };
        output.AcceptOnlyFromAmong("text", "json", "junit");
        var profiles = new Option<string?>("--profiles") { Description = "The policy library (default: the repository's profiles/, found from here up)" };
        var scenarios = new Option<string?>("--scenarios") { Description = "The cluster scenario files (default: the repository's tests/scenarios/)" };
        var charts = new Option<string?>("--charts") { Description = "The rendered charts scenarios run against (default: the repository's charts/)" };
        var values = new Option<string?>("--values") { Description = "The values, for each cluster's Kubernetes version (default: the repository's values/)" };
        var verbose = new Option<bool>("--verbose", "-v") { Description = "List every check, not only the failed ones" };
        var command = new Command("test", "Run the policies' fixtures and the cluster scenarios.\n" +
                                          "Exit status: 0 all passed, 1 any failed, 2 invalid fixture or scenario files.")
        {
            junit, output, profiles, scenarios, charts, values, verbose,
        };
        command.SetAction(parse =>
        {
            var library = PolicyLibraryLoader.Load(RepositoryFolder.Folder(parse.GetValue(profiles), "profiles"));
            var fixtures = new FixtureRunner(library);
            var fixtureFiles = fixtures.Fixtures();
            var scenarioFiles = ScenarioRunner.Load(RepositoryFolder.Folder(parse.GetValue(scenarios), Path.Combine("tests", "scenarios")));
            var scenarioRunner = new ScenarioRunner(RepositoryFolder.Folder(parse.GetValue(charts), "charts"), RepositoryFolder.Folder(parse.GetValue(values), "values"));

            // Suites run in parallel; results are printed in the library's order.
            var suites = fixtureFiles.Select(f => (Name: $"{f.Policy.ProfileName}/{f.Policy.Name}", Location: f.File.Path,
                    Run: (Func<IReadOnlyList<TestOutcome>>)(() => fixtures.Run(f.Policy, f.File).ToList())))
                .Concat(scenarioFiles.Select(s => (Name: $"scenario {s.Cluster}", Location: s.Path, Run: (Func<IReadOnlyList<TestOutcome>>)(() => scenarioRunner.Run(s).ToList()))))
                .ToList();
            var results = new IReadOnlyList<TestOutcome>[suites.Count];
            Parallel.For(0, suites.Count, i =>
            {
                try { results[i] = suites[i].Run(); }
                catch (Exception e) when (e is not OutOfMemoryException)
                {
                    // A crash in one suite is that suite's failure, not the end of the run.
                    results[i] = [new TestOutcome(suites[i].Name, "run", suites[i].Location, $"{e.GetType().Name}: {e.Message}")];
                }
            });

            ITestReportWriter main = parse.GetValue(output) switch
            {
                "json" => new JsonTestReportWriter(Console.Out),
                "junit" => new JunitTestReportWriter(null),
                _ => new TextTestReportWriter(Console.Out, parse.GetValue(verbose)),
            };
            ITestReportWriter[] writers = parse.GetValue(junit) is { } junitPath ? [main, new JunitTestReportWriter(junitPath)] : [main];
            foreach (var policy in fixtures.Unfixtured)
                foreach (var writer in writers) writer.Unfixtured(policy);
            var failures = 0;
            foreach (var suite in results.Where(s => s.Count > 0))
            {
                failures += suite.Count(r => !r.Passed);
                foreach (var writer in writers) writer.Suite(suite);
            }
            foreach (var writer in writers) writer.Complete();
            return failures > 0 ? ExitCodes.Problems : ExitCodes.Ok;
        });
        return command;
    }
}
