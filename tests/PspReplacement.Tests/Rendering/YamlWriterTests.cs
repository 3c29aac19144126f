using System.Text.Json.Nodes;
using CsCheck;
using PspReplacement.Rendering;
using PspReplacement.Yaml;

namespace PspReplacement.Tests.Rendering;

public class YamlWriterTests
{
    private static string ReadBack(string yaml) =>
        ((JsonObject)SourceJson.ToJson(SourceYamlReader.ReadDocuments(yaml, "t").Single())!)["k"]!.GetValue<string>();

    [Theory]
    [InlineData("plain")]
    [InlineData("true")]
    [InlineData("no")]
    [InlineData("1.30")]
    [InlineData("0x1F")]
    [InlineData("")]
    [InlineData(" leading space")]
    [InlineData("a: b")]
    [InlineData("- item")]
    [InlineData("# comment")]
    [InlineData("{{ .Values.x }}")]
    [InlineData("line one\nline two")]
    [InlineData("trailing newline\n")]
    [InlineData("two trailing\n\n")]
    [InlineData("tab\there")]
    [InlineData("object.spec.containers.all(c, has(c.securityContext) && c.securityContext.?runAsNonRoot.orValue(false) == true) && size(object.spec.volumes) < 10")]
    public void Strings_read_back_exactly(string text)
    {
        var yaml = "k: " + YamlWriter.Scalar(text, 0) + "\n";
        Assert.Equal(text, ReadBack(yaml));
        Assert.DoesNotContain("{{", yaml, StringComparison.Ordinal);
    }

    [Fact]
    public void Any_string_reads_back_exactly_and_never_shows_helm_delimiters() =>
        Gen.String[Gen.Char["a{} \n:#-'\"\\\t.x1"], 0, 200].Sample(text =>
        {
            var yaml = "k: " + YamlWriter.Scalar(text, 0) + "\n";
            return ReadBack(yaml) == text && !yaml.Contains("{{", StringComparison.Ordinal);
        });

    [Fact]
    public void Maps_keep_kubernetes_key_order_and_lists_are_block_style()
    {
        var node = JsonNode.Parse("""{"validations":[{"reason":"Forbidden","expression":"true","message":"m"}],"variables":[{"expression":"1","name":"v"}],"failurePolicy":"Fail","x":{}}""");
        Assert.Equal("""
            failurePolicy: Fail
            variables:
              - name: v
                expression: "1"
            validations:
              - expression: "true"
                message: m
                reason: Forbidden
            x: {}
            """.Replace("\r\n", "\n"), YamlWriter.Write(node, 0));
    }
}
