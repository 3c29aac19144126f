using System.Xml;

namespace PspReplacement.Cli.Output;

/// <summary>One JUnit test case: Failure is null when it passed.</summary>
public sealed record JunitCase(string ClassName, string Name, string? Failure, string? FailureDetail = null);

/// <summary>Writes JUnit XML (one testsuite) as GitLab and GitHub merge-request widgets read it. No timestamps, so output is reproducible.</summary>
public static class JunitXml
{
    public static void Write(TextWriter output, string suiteName, IReadOnlyList<JunitCase> cases)
    {
        var settings = new XmlWriterSettings { Indent = true, NewLineChars = "\n", Encoding = new System.Text.UTF8Encoding(false), OmitXmlDeclaration = false };
        using var xml = XmlWriter.Create(output, settings);
        xml.WriteStartDocument();
        xml.WriteStartElement("testsuites");
        xml.WriteStartElement("testsuite");
        xml.WriteAttributeString("name", suiteName);
        xml.WriteAttributeString("tests", cases.Count.ToString(System.Globalization.CultureInfo.InvariantCulture));
        xml.WriteAttributeString("failures", cases.Count(c => c.Failure is not null).ToString(System.Globalization.CultureInfo.InvariantCulture));
        xml.WriteAttributeString("errors", "0");
        xml.WriteAttributeString("skipped", "0");
        foreach (var c in cases)
        {
            xml.WriteStartElement("testcase");
            xml.WriteAttributeString("classname", c.ClassName);
            xml.WriteAttributeString("name", c.Name);
            if (c.Failure is not null)
            {
                xml.WriteStartElement("failure");
                xml.WriteAttributeString("message", c.Failure);
                xml.WriteString(c.FailureDetail ?? c.Failure);
                xml.WriteEndElement();
            }
            xml.WriteEndElement();
        }
        xml.WriteEndElement();
        xml.WriteEndElement();
        xml.WriteEndDocument();
        xml.Flush();
        output.Write('\n');
        output.Flush();
    }
}
