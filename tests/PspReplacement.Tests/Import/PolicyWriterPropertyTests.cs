using CsCheck;
using PspReplacement.Import;
using PspReplacement.Profiles;

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
        Gen.Select(Gen.Long, Gen.Bool, Gen.Double[-1e12, 1e12]).Sample((l, b, d) =>
        {
            var obj = new Dictionary<string, object?> { ["l"] = l, ["b"] = b, ["d"] = d };
            var text = PolicyWriter.WriteTests([new PolicyWriter.TestCase("case", "allow", null, obj)]);
            var root = (Dictionary<string, object?>)YamlNodes.ToPlain(YamlNodes.ParseDocuments(text, "tests.yaml")[0])!;
            var back = (Dictionary<string, object?>)((Dictionary<string, object?>)((List<object?>)root["cases"]!)[0]!)["object"]!;
            return Equals(back["l"], l) && Equals(back["b"], b) && back["d"] is double bd && bd.Equals(d);
        }, iter: 1000);
    }
}
