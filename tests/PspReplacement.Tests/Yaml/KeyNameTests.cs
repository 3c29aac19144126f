using PspReplacement.Yaml;

namespace PspReplacement.Tests.Yaml;

/// <summary>Keys become JSON keys as sigs.k8s.io/yaml's convertToJSONableObject makes them; some keys it refuses.</summary>
public class KeyNameTests
{
    private static SourceMap Map(string yaml)
    {
        var document = ScalarResolutionTests.Doc(yaml);
        Assert.True(document.IsReadable, string.Join("; ", document.Problems));
        return (SourceMap)document.Root!;
    }

    [Theory]
    // Ints in decimal, floats as strconv.FormatFloat(f, 'g', -1, 32), bools as true and false.
    [InlineData("1", "1")] [InlineData("0x10", "16")] [InlineData("-7", "-7")] [InlineData("1.5", "1.5")] [InlineData("1e6", "1e+06")] [InlineData("123456", "123456")]
    [InlineData("123456789.0", "1.2345679e+08")] [InlineData("1234567.0", "1.234567e+06")] [InlineData("0.0001", "0.0001")] [InlineData("0.00001", "1e-05")]
    [InlineData("-0.0", "-0")] [InlineData("1.0", "1")] [InlineData("08", "8")] [InlineData("3.14159265", "3.1415927")] [InlineData("16777217.0", "1.6777216e+07")]
    [InlineData(".inf", ".inf")] [InlineData("-.inf", "-.inf")] [InlineData(".nan", ".nan")] [InlineData("1e400", "1e400")] [InlineData("1e40", ".inf")]
    [InlineData("true", "true")] [InlineData("yes", "true")] [InlineData("Off", "false")] [InlineData("2001-12-14", "2001-12-14")] [InlineData("'1'", "1")]
    [InlineData("!!binary aGk=", "hi")] [InlineData("\"\"", "")] [InlineData("9223372036854775807", "9223372036854775807")]
    public void Scalar_keys_are_stringified(string key, string name)
    {
        var entry = Assert.Single(Map($"{key}: x\n").Entries);
        Assert.Equal(name, entry.Name);
        Assert.Equal(new SourceMark("t.yaml", 1, 1), entry.Key.Mark);
    }

    [Fact]
    public void The_key_keeps_its_written_text_and_the_map_is_looked_up_by_name()
    {
        var map = Map("on: a\nyes: b\n");
        var entry = Assert.Single(map.Entries);
        Assert.Equal(("true", "yes"), (entry.Name, entry.Key.Text));
        Assert.Equal("b", ((SourceScalar)map["true"]!).Text);
        Assert.Null(map["on"]);
    }

    [Theory]
    [InlineData("~: a", "t.yaml:1:1: a map key cannot be null ('~'); write the key as text (kubectl refuses it: unsupported map key)")]
    [InlineData("null: a", "t.yaml:1:1: a map key cannot be null ('null'); write the key as text (kubectl refuses it: unsupported map key)")]
    [InlineData("?\n: a", "t.yaml:1:2: a map key cannot be null (the key is missing); write the key as text (kubectl refuses it: unsupported map key)")]
    [InlineData("18446744073709551615: a", "t.yaml:1:1: the map key 18446744073709551615 is beyond int64; quote it (kubectl refuses it: unsupported map key of type uint64)")]
    [InlineData("[1]: a", "t.yaml:1:1: a map key must be a plain string, not a sequence; write the key as text (kubectl refuses it: invalid map key)")]
    [InlineData("{a: 1}: a", "t.yaml:1:1: a map key must be a plain string, not a mapping; write the key as text (kubectl refuses it: invalid map key)")]
    public void Keys_sigs_k8s_io_yaml_cannot_convert_make_the_document_unreadable(string yaml, string problem) =>
        Assert.Equal(problem, Assert.Single(ScalarResolutionTests.Doc(yaml + "\n").Problems).ToString());

    [Fact]
    public void An_alias_key_is_written_where_the_alias_is()
    {
        var map = (SourceMap)Map("a: &k key\nb:\n  *k : v\n")["b"]!;
        var entry = Assert.Single(map.Entries);
        Assert.Equal(("key", new SourceMark("t.yaml", 3, 3)), (entry.Name, entry.Key.Mark));
    }

    [Fact]
    public void Keys_that_differ_in_go_but_not_in_json_warn_that_kubectl_keeps_either()
    {
        var document = ScalarResolutionTests.Doc("1: a\n\"1\": b\n");
        var warning = Assert.Single(document.Warnings);
        Assert.Equal("t.yaml:2:1: key '1' is the JSON key '1' already written at line 1 as 1 (an int); kubectl keeps either value, at random: remove one of them", warning.ToString());
        Assert.Equal("b", ((SourceScalar)((SourceMap)document.Root!)["1"]!).Text);
    }
}
