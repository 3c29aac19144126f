using PspReplacement.Yaml;

namespace PspReplacement.Tests.Yaml;

/// <summary>Duplicate keys, merge keys and aliases under each <see cref="YamlRules"/>, and the limits on hostile input.</summary>
public class YamlRulesTests
{
    private static YamlDocument Doc(string yaml, YamlRules rules) => ScalarResolutionTests.Doc(yaml, rules);

    private static Dictionary<string, object?> Plain(string yaml, YamlRules? rules = null)
    {
        var document = Doc(yaml, rules ?? YamlRules.Manifests);
        Assert.True(document.IsReadable, string.Join("; ", document.Problems));
        return (Dictionary<string, object?>)document.Root!.ToPlain()!;
    }

    [Fact]
    public void A_duplicate_key_keeps_its_last_value_and_first_position_with_a_warning_naming_both_lines()
    {
        var document = Doc("a: 1\nb: 2\na: 3\n", YamlRules.Manifests);
        Assert.Equal([new("a", 3L), new("b", 2L)], (Dictionary<string, object?>)document.Root!.ToPlain()!);
        var warning = Assert.Single(document.Warnings);
        Assert.Equal("t.yaml:3:1: duplicate key 'a' (first written at line 1); kubectl and Helm keep this last value, remove the other", warning.ToString());
        Assert.Same(document.Root, warning.In);
        Assert.Equal(new SourceMark("t.yaml", 3, 1), ((SourceMap)document.Root!).Entry("a")!.Key.Mark);
    }

    [Theory]
    [MemberData(nameof(StrictRules))]
    public void Under_strict_rules_a_duplicate_key_is_a_problem_of_its_document(YamlRules rules)
    {
        var document = Doc("a:\n  x: 1\n  x: 2\n", rules);
        Assert.Null(document.Root);
        Assert.Equal("t.yaml:3:3: duplicate key 'x' (first written at line 2); remove one of them", Assert.Single(document.Problems).ToString());
    }

    public static TheoryData<YamlRules> StrictRules() => new(YamlRules.Strict, YamlRules.Values);

    [Fact]
    public void Keys_equal_in_go_are_duplicates_too() =>
        Assert.Equal("t.yaml:2:1: duplicate key '1' (first written at line 1); remove one of them", Assert.Single(Doc("1: a\n0x1: b\n", YamlRules.Strict).Problems).ToString());

    [Fact]
    public void Merge_keys_apply_in_document_order_as_go_yaml_v2_does()
    {
        // A merge after an explicit key overrides it; an explicit key after a merge overrides the merged one.
        Assert.Equal(1L, ((Dictionary<string, object?>)Plain("x: &x {k: 1}\nb:\n  k: 0\n  <<: *x\n")["b"]!)["k"]);
        Assert.Equal(0L, ((Dictionary<string, object?>)Plain("x: &x {k: 1}\nb:\n  <<: *x\n  k: 0\n")["b"]!)["k"]);
        // In a sequence of merges the earlier maps win.
        var c = (Dictionary<string, object?>)Plain("x: &x {k: 1, j: 1}\ny: &y {k: 2, m: 2}\nc:\n  <<: [*x, *y]\n")["c"]!;
        Assert.Equal((1L, 1L, 2L), ((long)c["k"]!, (long)c["j"]!, (long)c["m"]!));
        // Two merge keys: the later one wins, like any later key.
        Assert.Equal(2L, ((Dictionary<string, object?>)Plain("c:\n  <<: {a: 1}\n  <<: {a: 2}\n")["c"]!)["a"]);
        // A merged map's own merges come along.
        Assert.Equal(new Dictionary<string, object?> { ["p"] = 1L, ["q"] = 2L }, Plain("b: &b {p: 1, <<: {q: 2}}\nv: {<<: *b}\n")["v"]);
    }

    [Fact]
    public void A_merge_overriding_a_key_is_no_duplicate_even_under_strict_rules()
    {
        var document = Doc("x: &x {k: 1}\nb:\n  <<: *x\n  k: 0\n", YamlRules.Strict);
        Assert.True(document.IsReadable);
        Assert.Empty(document.Warnings);
    }

    [Theory]
    [InlineData("c:\n  <<: 1\n", "t.yaml:2:7: map merge requires map or sequence of maps as the value")]
    [InlineData("c:\n  <<: [1]\n", "t.yaml:2:8: map merge requires map or sequence of maps as the value")]
    [InlineData("a: &x [1]\nc:\n  <<: *x\n", "t.yaml:3:7: map merge requires map or sequence of maps as the value")]
    [InlineData("c:\n  <<: ~\n", "t.yaml:2:7: map merge requires map or sequence of maps as the value")]
    public void A_merge_of_anything_but_maps_is_refused(string yaml, string problem) =>
        Assert.Equal(problem, Assert.Single(Doc(yaml, YamlRules.Manifests).Problems).ToString());

    [Fact]
    public void Only_an_untagged_plain_or_merge_tagged_key_merges()
    {
        Assert.Equal(new Dictionary<string, object?> { ["<<"] = new Dictionary<string, object?> { ["a"] = 1L } }, Plain("c:\n  '<<': {a: 1}\n")["c"]);
        Assert.Equal(new Dictionary<string, object?> { ["a"] = 1L }, Plain("c:\n  !!merge <<: {a: 1}\n")["c"]);
        Assert.Equal(new Dictionary<string, object?> { ["a"] = 1L }, Plain("c:\n  ! <<: {a: 1}\n")["c"]);
    }

    [Fact]
    public void Values_rules_refuse_merge_keys_where_they_are_written() =>
        Assert.Equal("t.yaml:3:3: YAML merge keys ('<<') are not supported; write the keys out (values files merge by layer: common, groups, cluster)",
            Assert.Single(Doc("x: &x {k: 1}\nb:\n  <<: *x\n", YamlRules.Values).Problems).ToString());

    [Theory]
    [InlineData("a: *nope\n", "t.yaml:1:4: unknown anchor 'nope' referenced")]
    [InlineData("a: &d {self: *d}\n", "t.yaml:1:14: anchor 'd' value contains itself")]
    [InlineData("a: &d [1, [*d]]\n", "t.yaml:1:12: anchor 'd' value contains itself")]
    public void Aliases_need_a_finished_anchor(string yaml, string problem) =>
        Assert.Equal(problem, Assert.Single(Doc(yaml, YamlRules.Manifests).Problems).ToString());

    [Fact]
    public void An_anchor_redefined_names_its_latest_node_even_inside_itself()
    {
        Assert.Equal(2L, Plain("a: &x 1\na2: &x 2\nb: *x\n")["b"]);
        Assert.Equal(1L, Plain("a: &x [&x 1, *x]\nb: *x\n")["b"]);
    }

    [Fact]
    public void Each_alias_is_its_own_copy_in_plain_data()
    {
        var plain = Plain("a: &x {k: 1}\nb: *x\n");
        Assert.NotSame(plain["a"], plain["b"]);
        Assert.Equal(plain["a"], plain["b"]);
    }

    [Fact]
    public void Nesting_deeper_than_the_limit_is_refused_in_flow_block_and_through_aliases()
    {
        Assert.Equal($"t.yaml:1:{YamlRules.MaxDepth + 4}: document nests deeper than 1000 levels",
            Assert.Single(Doc("v: " + new string('[', 5000) + new string(']', 5000) + "\n", YamlRules.Manifests).Problems).ToString());
        Assert.True(Doc("v: " + new string('[', 999) + new string(']', 999) + "\n", YamlRules.Manifests).IsReadable);
        var block = string.Concat(Enumerable.Range(0, 1001).Select(i => new string(' ', i) + "k:\n"));
        Assert.Contains("document nests deeper than 1000 levels", Assert.Single(Doc(block, YamlRules.Manifests).Problems).Message);
        // Each alias adds its anchor's depth where it is used.
        var deep = new string('[', 600) + new string(']', 600);
        Assert.Equal("t.yaml:2:" + (4 + 600) + ": document nests deeper than 1000 levels (through the alias *d)",
            Assert.Single(Doc($"a: &d {deep}\nb: {new string('[', 600)}*d{new string(']', 600)}\n", YamlRules.Manifests).Problems).ToString());
    }

    [Fact]
    public void An_alias_bomb_is_refused_by_go_yaml_s_excessive_aliasing_rule()
    {
        // Nine aliases of a tenfold sequence, ten times over: 10^10 nodes once expanded.
        var lines = new List<string> { "a0: &a0 [x, x, x, x, x, x, x, x, x, x]" };
        for (var i = 1; i <= 9; i++) lines.Add($"a{i}: &a{i} [{string.Join(", ", Enumerable.Repeat($"*a{i - 1}", 10))}]");
        var problem = Assert.Single(Doc(string.Join("\n", lines) + "\n", YamlRules.Manifests).Problems);
        Assert.StartsWith("document contains excessive aliasing", problem.Message);
        // A little aliasing is fine: go-yaml allows 99% of a small document to come from aliases.
        Assert.True(Doc(string.Join("\n", lines.Take(3)) + "\n", YamlRules.Manifests).IsReadable);
    }

    [Fact]
    public void A_document_beyond_five_million_nodes_is_refused()
    {
        var items = string.Join(",", Enumerable.Repeat("1", 1_000_000));
        var text = string.Concat(Enumerable.Range(0, 6).Select(i => $"k{i}: [{items}]\n"));
        Assert.Equal("document is too large (more than 5,000,000 nodes); split it into several documents", Assert.Single(Doc(text, YamlRules.Manifests).Problems).Message);
    }

    [Fact]
    public void Big_maps_are_looked_up_by_name_like_small_ones()
    {
        var map = (SourceMap)Doc(string.Concat(Enumerable.Range(0, 50).Select(i => $"k{i}: {i}\n")) + "k7: again\n", YamlRules.Manifests).Root!;
        Assert.Equal(50, map.Entries.Count);
        Assert.Equal("again", ((SourceScalar)map["k7"]!).Text);
        Assert.Equal(49L, map["k49"]!.ToPlain());
        Assert.Null(map["k50"]);
        var copy = map with { Entries = map.Entries.Take(10).ToList() };
        Assert.Null(copy["k49"]);
    }
}
