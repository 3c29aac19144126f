using k8s.Models;
using PspReplacement.Import;
using PspReplacement.Profiles;

namespace PspReplacement.Tests.Import;

public sealed class PolicyWriterTests
{
    private static PolicyDefinition Policy(V1ValidatingAdmissionPolicySpec spec, string description = "Containers must not be privileged.") =>
        new("privileged-containers", Profile.Baseline, "Privileged Containers", "Privileged Containers", description,
            [new PolicyVariant(new PssVersion(1, 22), null, spec)], "x/policy.yaml");

    private static V1ValidatingAdmissionPolicySpec Spec(string expression = "object.spec.containers.all(c, !has(c.securityContext))") => new()
    {
        Variables = [new V1Variable { Name = "containers", Expression = "object.spec.containers" }],
        Validations = [new V1Validation { Expression = expression, Message = "no privileged containers", Reason = "Forbidden" }],
    };

    [Fact]
    public void Writes_the_library_format_in_a_fixed_order_with_lf_endings()
    {
        var text = PolicyWriter.WritePolicy(Policy(Spec()));
        Assert.Equal(
            "name: privileged-containers\n" +
            "profile: baseline\n" +
            "control: Privileged Containers\n" +
            "title: Privileged Containers\n" +
            "description: Containers must not be privileged.\n" +
            "variants:\n" +
            "  - pssVersions:\n" +
            "      min: v1.22\n" +
            "    spec:\n" +
            "      variables:\n" +
            "        - name: containers\n" +
            "          expression: object.spec.containers\n" +
            "      validations:\n" +
            "        - expression: object.spec.containers.all(c, !has(c.securityContext))\n" +
            "          message: no privileged containers\n" +
            "          reason: Forbidden\n",
            text);
    }

    [Fact]
    public void Multi_line_expressions_are_literal_blocks_and_read_back_unchanged()
    {
        var expression = "object.spec.containers.all(c,\n  !has(c.securityContext))";
        var text = PolicyWriter.WritePolicy(Policy(Spec(expression)));
        Assert.Contains("expression: |-\n", text);
        var folder = Path.Combine(Path.GetTempPath(), "pspr-writer-tests", Guid.NewGuid().ToString("N"));
        try
        {
            Directory.CreateDirectory(Path.Combine(folder, "baseline", "privileged-containers"));
            File.WriteAllText(Path.Combine(folder, "baseline", "privileged-containers", "policy.yaml"), text);
            var loaded = Assert.Single(PolicyLibraryLoader.Load(folder).Policies);
            Assert.Equal(expression, Assert.Single(loaded.Variants).Spec.Validations[0].Expression);
            Assert.Equal("Containers must not be privileged.", loaded.Description);
            Assert.Equal(new PssVersion(1, 22), loaded.Variants[0].MinVersion);
        }
        finally { Directory.Delete(folder, true); }
    }

    [Theory]
    [InlineData("true")]
    [InlineData("1.30")]
    [InlineData("null")]
    [InlineData("0x1F")]
    [InlineData("yes")]
    [InlineData("")]
    [InlineData("- starts like a list")]
    [InlineData("key: value")]
    [InlineData("# not a comment")]
    public void Strings_that_would_read_back_as_something_else_are_quoted(string value)
    {
        var text = PolicyWriter.WriteTests([new PolicyWriter.TestCase("case", "allow", null, new Dictionary<string, object?> { ["label"] = value })]);
        var docs = PspReplacement.Import.YamlNodes.ParseDocuments(text, "tests.yaml");
        var plain = (Dictionary<string, object?>)PspReplacement.Import.YamlNodes.ToPlain(docs[0])!;
        var cases = (List<object?>)plain["cases"]!;
        var obj = (Dictionary<string, object?>)((Dictionary<string, object?>)cases[0]!)["object"]!;
        Assert.Equal(value, obj["label"]);
    }

    [Fact]
    public void Fixture_objects_keep_their_types_and_key_order()
    {
        var obj = new Dictionary<string, object?>
        {
            ["kind"] = "Pod",
            ["apiVersion"] = "v1",
            ["spec"] = new Dictionary<string, object?> { ["hostNetwork"] = true, ["priority"] = 10L, ["ratio"] = 0.5, ["empty"] = new List<object?>(), ["none"] = null },
        };
        var text = PolicyWriter.WriteTests([new PolicyWriter.TestCase("host network is denied", "deny", "host namespaces", obj, Operation: "UPDATE")]);
        Assert.Equal(
            "cases:\n" +
            "  - name: host network is denied\n" +
            "    expect: deny\n" +
            "    message: host namespaces\n" +
            "    operation: UPDATE\n" +
            "    object:\n" +
            "      kind: Pod\n" +
            "      apiVersion: v1\n" +
            "      spec:\n" +
            "        hostNetwork: true\n" +
            "        priority: 10\n" +
            "        ratio: 0.5\n" +
            "        empty: []\n" +
            "        none: null\n",
            text);
    }

    [Fact]
    public void Extras_follow_the_core_fields_and_empty_autogen_means_none()
    {
        var text = PolicyWriter.WritePolicy(Policy(Spec()), new PolicyWriter.Extras("high", [], [new("kind", "ValidatingPolicy")]));
        Assert.Contains("description: Containers must not be privileged.\nseverity: high\nautogenControllers: []\nimportedFrom:\n  kind: ValidatingPolicy\nvariants:\n", text);
    }

    [Fact]
    public void Writing_is_deterministic()
    {
        Assert.Equal(PolicyWriter.WritePolicy(Policy(Spec())), PolicyWriter.WritePolicy(Policy(Spec())));
    }
}
