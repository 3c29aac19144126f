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
        xml.WriteAttributeString("name", XmlText(suiteName));
        xml.WriteAttributeString("tests", cases.Count.ToString(System.Globalization.CultureInfo.InvariantCulture));
        xml.WriteAttributeString("failures", cases.Count(c => c.Failure is not null).ToString(System.Globalization.CultureInfo.InvariantCulture));
        xml.WriteAttributeString("errors", "0");
        xml.WriteAttributeString("skipped", "0");
        foreach (var c in cases)
        {
            xml.WriteStartElement("testcase");
            xml.WriteAttributeString("classname", XmlText(c.ClassName));
            xml.WriteAttributeString("name", XmlText(c.Name));
            if (c.Failure is not null)
            {
                xml.WriteStartElement("failure");
                xml.WriteAttributeString("message", XmlText(c.Failure));
                xml.WriteString(XmlText(c.FailureDetail ?? c.Failure));
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

    /// <summary>
    /// Text XML 1.0 can carry: a character it cannot hold even escaped (a control character such as U+0001, valid in
    /// a YAML name, or a lone surrogate) is written as \uXXXX, so the report stays well-formed and still shows it.
    /// </summary>
    internal static string XmlText(string text)
    {
        if (!text.Any(c => !XmlConvert.IsXmlChar(c))) return text;
        var sb = new System.Text.StringBuilder(text.Length + 8);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (XmlConvert.IsXmlChar(c)) sb.Append(c);
            else if (i + 1 < text.Length && XmlConvert.IsXmlSurrogatePair(text[i + 1], c)) sb.Append(c).Append(text[++i]);
            else sb.Append($"\\u{(int)c:X4}");
        }
        return sb.ToString();
    }
}
