using System.Xml.Linq;
using PspReplacement.Cli.Output;

namespace PspReplacement.Cli.Tests.Output;

public class JunitXmlTests
{
    [Fact]
    public void Writes_one_suite_with_counts_and_failures_and_no_timestamps()
    {
        var text = new StringWriter();
        JunitXml.Write(text, "pspr test", [new JunitCase("baseline/p", "ok case", null), new JunitCase("baseline/p", "bad case", "expected deny", "t.yaml:3:5: expected deny")]);
        var suite = XDocument.Parse(text.ToString()).Root!.Element("testsuite")!;
        Assert.Equal(("2", "1"), (suite.Attribute("tests")!.Value, suite.Attribute("failures")!.Value));
        var failed = suite.Elements("testcase").Single(c => c.Element("failure") is not null);
        Assert.Equal("bad case", failed.Attribute("name")!.Value);
        Assert.Equal("t.yaml:3:5: expected deny", failed.Element("failure")!.Value);
        Assert.DoesNotContain("timestamp", text.ToString());
        Assert.DoesNotContain("\r", text.ToString());
    }
}
