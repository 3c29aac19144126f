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

    [Fact]
    public void Characters_xml_cannot_hold_are_escaped_everywhere_and_pairs_survive()
    {
        var text = new StringWriter();
        JunitXml.Write(text, "suite\u0002", [new JunitCase("c\u0000", "x\u0001y \U0001F600", "f\u001b", "d\uffff\ud800")]);
        var suite = XDocument.Parse(text.ToString()).Root!.Element("testsuite")!;
        var c = suite.Element("testcase")!;
        Assert.Equal("suite\\u0002", suite.Attribute("name")!.Value);
        Assert.Equal("c\\u0000", c.Attribute("classname")!.Value);
        Assert.Equal("x\\u0001y \U0001F600", c.Attribute("name")!.Value);
        Assert.Equal("f\\u001B", c.Element("failure")!.Attribute("message")!.Value);
        Assert.Equal("d\\uFFFF\\uD800", c.Element("failure")!.Value);
    }
}
