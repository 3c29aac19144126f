using PspReplacement.Cel.Libraries;
using PspReplacement.Cel.Runtime;
using static PspReplacement.Cel.Tests.Libraries.LibraryCalls;

namespace PspReplacement.Cel.Tests.Libraries;

public class ListLibrariesTests
{
    private static readonly ListsLibrary Lists = new();
    private static readonly ExtListsLibrary Ext = new(3);
    private static readonly SetsLibrary Sets = new();

    [Fact]
    public void Kubernetes_lists_edge_cases()
    {
        Assert.Equal(true, Call(Lists, "isSorted", L()));
        Assert.Equal(true, Call(Lists, "isSorted", L("a", "b", "b")));
        Assert.Equal(false, Call(Lists, "isSorted", L(new CelDuration(2, 0), new CelDuration(1, 0))));
        Assert.Equal(0L, Call(Lists, "sum", L()));
        Assert.Equal(3UL, Call(Lists, "sum", L(1UL, 2UL)));
        Assert.Equal(new CelDuration(3, 500_000_000), Call(Lists, "sum", L(new CelDuration(1, 0), new CelDuration(2, 500_000_000))));
        Assert.Equal("integer overflow", ErrorMessage(Call(Lists, "sum", L(long.MaxValue, 1L))));
        Assert.Equal("no such overload", ErrorMessage(Call(Lists, "sum", L("a", "b"))));
        Assert.Equal("max called on empty list", ErrorMessage(Call(Lists, "max", L())));
        Assert.Equal(2.5, Call(Lists, "max", L(1L, 2.5, 2UL)));
        Assert.Equal(new CelBytes([1]), Call(Lists, "min", L(new CelBytes([2]), new CelBytes([1]))));
        Assert.Equal("no such overload", ErrorMessage(Call(Lists, "min", L(L(1L)))));
        Assert.Equal(0L, Call(Lists, "indexOf", L(1.0, 1L), 1UL));
        Assert.Equal(1L, Call(Lists, "lastIndexOf", L(1.0, 1L), 1UL));
        Assert.Equal(-1L, Call(Lists, "indexOf", L(), "x"));
    }

    [Fact]
    public void Kubernetes_lists_version_1_includes()
    {
        var v1 = new ListsLibrary(1);
        // lists.go's examples: membership in a list, equality for any other target (a string is not searched).
        Assert.Equal(true, Call(v1, "includes", L(1L, 2L, 3L), 2L));
        Assert.Equal(false, Call(v1, "includes", L(1L, 2L, 3L), 4L));
        Assert.Equal(true, Call(v1, "includes", "model-a", "model-a"));
        Assert.Equal(false, Call(v1, "includes", "model-a", "model-b"));
        Assert.Equal(false, Call(v1, "includes", "model-a", "model"));
        // cost_test.go TestIncludesCost's element types, each found in its list literal.
        Assert.Equal(true, Call(v1, "includes", L(1UL, 2UL, 3UL), 3UL));
        Assert.Equal(true, Call(v1, "includes", L(1.0, 2.0, 3.0), 3.0));
        Assert.Equal(true, Call(v1, "includes", L(false, true), true));
        Assert.Equal(true, Call(v1, "includes", L(new CelBytes([1]), new CelBytes([2])), new CelBytes([2])));
        Assert.Equal(true, Call(v1, "includes", L(new CelDuration(1, 0), new CelDuration(3, 0)), new CelDuration(3, 0)));
        // CEL equality, which is heterogeneous and never an error: 1 == 1.0, a list is not its element.
        Assert.Equal(true, Call(v1, "includes", L(1L), 1.0));
        Assert.Equal(false, Call(v1, "includes", L("1"), 1L));
        Assert.Equal(false, Call(v1, "includes", L(), "x"));
        Assert.Equal(true, Call(v1, "includes", L(L(1L)), L(1L)));
        Assert.DoesNotContain(new ListsLibrary(0).Overloads, o => o.Function == "includes");
    }

    [Fact]
    public void Includes_is_not_in_any_supported_version_and_says_when_it_is()
    {
        // lists version 1 is base.go's 1.37 entry: new expressions get it in 1.38 (n-1), after the newest version supported.
        var e = Assert.Throws<CelCompileException>(() => CelEnvironment.ForKubernetes(KubernetesVersion.Latest).Compile("[1, 2].includes(2)"));
        Assert.Contains("function 'includes' of the lists library requires Kubernetes 1.38 or newer", e.Message);
    }

    [Fact]
    public void Cel_go_list_extension()
    {
        Assert.Equal(L(), Call(Ext, "slice", L(1L, 2L), 2L, 2L));
        Assert.Equal("cannot slice(1, 3), list is length 2", ErrorMessage(Call(Ext, "slice", L(1L, 2L), 1L, 3L)));
        Assert.Equal("cannot slice(2, 1), start index must be less than or equal to end index", ErrorMessage(Call(Ext, "slice", L(1L, 2L), 2L, 1L)));
        Assert.Equal("cannot slice(-1, 1), negative indexes not supported", ErrorMessage(Call(Ext, "slice", L(1L, 2L), -1L, 1L)));
        Assert.Equal(L(1L, 2L, 3L, 4L), Call(Ext, "flatten", L(1L, L(2L, L(3L, L(4L)))), 3L));
        Assert.Equal(L(1L, L(2L)), Call(Ext, "flatten", L(1L, L(2L)), 0L));
        Assert.Equal("level must be non-negative", ErrorMessage(Call(Ext, "flatten", L(), -1L)));
        Assert.Equal(L(), Call(Ext, "lists.range", 0L));
        Assert.Equal(L(1L, "a"), Call(Ext, "distinct", L(1L, 1.0, "a", 1UL)));
        Assert.Equal(L("a", "b", "c"), Call(Ext, "sort", L("c", "a", "b")));
        Assert.Equal("list elements must have the same type", ErrorMessage(Call(Ext, "sort", L(1L, 2.0))));
        Assert.Equal(L("y", "x"), Call(Ext, "@sortByAssociatedKeys", L("x", "y"), L(2L, 1L)));
        Assert.False(Assert.IsType<CelOptional>(Call(Ext, "first", L())).HasValue);
        Assert.Equal(CelOptional.Of(3L), Call(Ext, "last", L(1L, 3L)));
        Assert.DoesNotContain(new ExtListsLibrary(2).Overloads, o => o.Function == "first");
    }

    [Fact]
    public void Sets_use_cel_equality()
    {
        Assert.Equal(true, Call(Sets, "sets.contains", L(), L()));
        Assert.Equal(false, Call(Sets, "sets.contains", L(), L(1L)));
        Assert.Equal(true, Call(Sets, "sets.contains", L(L(1L)), L(L(1.0))));
        Assert.Equal(true, Call(Sets, "sets.equivalent", L(1L, 2L, 2L), L(2UL, 1.0)));
        Assert.Equal(false, Call(Sets, "sets.equivalent", L(1L), L(1L, 2L)));
        Assert.Equal(false, Call(Sets, "sets.intersects", L("a"), L("b")));
    }
}
