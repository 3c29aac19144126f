using PspReplacement.Cli.Cel;
using PspReplacement.Yaml;

namespace PspReplacement.Cli.Tests.Cel;

/// <summary>Variable files for pspr cel eval resolve scalars by the same rules as manifests (the YAML layer), tags included.</summary>
public class PlainYamlTests
{
    [Theory]
    [InlineData("v: yes", true)]
    [InlineData("v: 0x1F", 31L)]
    [InlineData("v: 0o17", 15L)]
    [InlineData("v: 017", 15L)]
    [InlineData("v: 1_000", 1000L)]
    [InlineData("v: 18446744073709551615", 18446744073709551615.0)]
    [InlineData("v: 1.5e3", 1500L)]
    [InlineData("v: 1.25", 1.25)]
    [InlineData("v: '0x1F'", "0x1F")]
    [InlineData("v: !!str 42", "42")]
    [InlineData("v: !!float 3", 3L)]
    [InlineData("v: 2024-01-01", "2024-01-01")]
    public void Scalars_resolve_as_in_manifests(string yaml, object expected)
    {
        var map = Assert.IsType<Dictionary<string, object?>>(PlainYaml.Read(yaml, "t.yaml", "value"));
        Assert.Equal(expected, map["v"]);
    }

    [Fact]
    public void A_plain_scalar_resolves_exactly_as_the_YAML_layer_does()
    {
        foreach (var text in new[] { "~", "null", "Off", "y", "-0b101", "+12", "1e400", "abc", "1.2.3", "0x", "-1", "08", ".5_0" })
        {
            var map = Assert.IsType<Dictionary<string, object?>>(PlainYaml.Read("v: " + text, "t.yaml", "value"));
            Assert.Equal(ScalarResolver.PlainValue(text), map["v"]);
        }
    }

    [Fact]
    public void A_tag_that_does_not_fit_is_an_input_error_with_the_position()
    {
        var e = Assert.Throws<InvalidInputException>(() => PlainYaml.Read("a: 1\nv: !!int abc\n", "t.yaml", "value of 'params'"));
        Assert.StartsWith("t.yaml:2:4: the value of 'params' is not valid YAML or JSON", e.Message);
        Assert.Contains("cannot decode !!str `abc` as a !!int", e.Message);
    }
}
