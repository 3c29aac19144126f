using PspReplacement.Cli.Output;
using PspReplacement.Testing;

namespace PspReplacement.Cli.Tests.Output;

public class TestReportWriterTests
{
    private static readonly TestOutcome[] Suite =
    [
        new("baseline/host-pid", "allows a plain pod", "profiles/baseline/host-pid/tests.yaml:3:5", null),
        new("baseline/host-pid", "denies hostPID", "profiles/baseline/host-pid/tests.yaml:9:5", "expected deny, got admitted"),
    ];

    [Fact]
    public void Text_lists_failed_checks_with_where_and_why_and_counts_every_suite()
    {
        var text = new StringWriter();
        var writer = new TextTestReportWriter(text, verbose: false);
        writer.Suite(Suite);
        writer.Suite([new TestOutcome("scenario eqiad", "mw-web admits php-fpm", "tests/scenarios/eqiad.yaml:4:3", null)]);
        writer.Complete();
        Assert.Equal(
            "FAIL baseline/host-pid (2 checks, 1 failed)\n" +
            "       FAIL denies hostPID\n            at profiles/baseline/host-pid/tests.yaml:9:5\n            expected deny, got admitted\n" +
            "ok   scenario eqiad (1 checks)\n" +
            "2 passed, 1 failed\n", text.ToString());
    }

    [Fact]
    public void Verbose_text_lists_passed_checks_too()
    {
        var text = new StringWriter();
        var writer = new TextTestReportWriter(text, verbose: true);
        writer.Suite(Suite);
        Assert.Contains("       pass allows a plain pod\n", text.ToString());
    }

    [Fact]
    public void Junit_writes_every_check_once_with_its_location_on_failure()
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("pspr-junit-").FullName, "sub", "t.xml");
        var writer = new JunitTestReportWriter(path);
        writer.Suite(Suite);
        writer.Complete();
        var xml = File.ReadAllText(path);
        Assert.Contains("tests=\"2\"", xml);
        Assert.Contains("failures=\"1\"", xml);
        Assert.Contains("profiles/baseline/host-pid/tests.yaml:9:5: expected deny, got admitted", xml);
    }

    [Fact]
    public void Json_has_every_suite_and_check_with_its_outcome()
    {
        var text = new StringWriter();
        var writer = new JsonTestReportWriter(text);
        writer.Suite(Suite);
        writer.Complete();
        using var doc = System.Text.Json.JsonDocument.Parse(text.ToString());
        var suite = doc.RootElement.GetProperty("suites")[0];
        Assert.Equal("baseline/host-pid", suite.GetProperty("name").GetString());
        var checks = suite.GetProperty("checks").EnumerateArray().ToList();
        Assert.Equal([true, false], checks.Select(c => c.GetProperty("passed").GetBoolean()));
        Assert.Equal("expected deny, got admitted", checks[1].GetProperty("failure").GetString());
        Assert.Equal(0, doc.RootElement.GetProperty("unfixtured").GetArrayLength());
    }
}
