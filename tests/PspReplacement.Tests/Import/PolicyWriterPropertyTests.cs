using CsCheck;
using PspReplacement.Import;

namespace PspReplacement.Tests.Import;

public sealed class PolicyWriterPropertyTests
{
    // Text as Kubernetes manifests carry it: printable characters, YAML indicators, line breaks, tabs, unicode.
    private static readonly Gen<string> Text = Gen.OneOf(
            Gen.Char['a', 'z'], Gen.Char['0', '9'], Gen.Char[" :-#'\"{}[],&*!|>%@`?.~\\/"], Gen.Char["\n\t"], Gen.Char['À', 'ž'])
        .Array[0, 24].Select(chars => new string(chars));

    [Fact]
    public void Any_string_reads_back_as_the_same_string()
    {
        Text.Sample(value =>
        {
            var text = PolicyWriter.WriteTests([new PolicyWriter.TestCase("case", "allow", null, new Dictionary<string, object?> { [value] = value })]);
            var root = (Dictionary<string, object?>)YamlNodes.ToPlain(YamlNodes.ParseDocuments(text, "tests.yaml")[0])!;
            var obj = (Dictionary<string, object?>)((Dictionary<string, object?>)((List<object?>)root["cases"]!)[0]!)["object"]!;
            Assert.Equal([new KeyValuePair<string, object?>(value, value)], obj);
        }, iter: 5000, print: v => System.Text.Json.JsonSerializer.Serialize(v));
    }

    [Fact]
    public void Numbers_and_booleans_keep_their_type()
    {
        // Plain data as the YAML layer reads it: a double is never a whole number below 1e21 (JSON makes that an int).
        var fractional = Gen.Double[-1e12, 1e12].Where(d => d != Math.Floor(d));
        Gen.Select(Gen.Long, Gen.Bool, fractional).Sample((l, b, d) =>
        {
            var back = RoundTrip(new Dictionary<string, object?> { ["l"] = l, ["b"] = b, ["d"] = d });
            return Equals(back["l"], l) && Equals(back["b"], b) && back["d"] is double bd && bd.Equals(d);
        }, iter: 1000);
    }

    [Fact]
    public void A_whole_double_reads_back_as_the_int_kubectl_makes_of_it()
    {
        Assert.Equal(268L, RoundTrip(new Dictionary<string, object?> { ["d"] = 268.0 })["d"]);
        Assert.Equal(1e21, RoundTrip(new Dictionary<string, object?> { ["d"] = 1e21 })["d"]);
    }

    private static Dictionary<string, object?> RoundTrip(Dictionary<string, object?> obj)
    {
        var text = PolicyWriter.WriteTests([new PolicyWriter.TestCase("case", "allow", null, obj)]);
        var root = (Dictionary<string, object?>)YamlNodes.ToPlain(YamlNodes.ParseDocuments(text, "tests.yaml")[0])!;
        return (Dictionary<string, object?>)((Dictionary<string, object?>)((List<object?>)root["cases"]!)[0]!)["object"]!;
    }
}
