using PspReplacement.Cel.Libraries;
using PspReplacement.Cel.Runtime;
using static PspReplacement.Cel.Tests.Libraries.LibraryCalls;

namespace PspReplacement.Cel.Tests.Libraries;

public class KubernetesLibrariesTableTests
{
    private static string[] Names(string version) =>
        [.. KubernetesLibraries.For(KubernetesVersion.Parse(version)).Select(l => l.Name + (l is StringsLibrary s ? "/v" + s.Version : "")).Order(StringComparer.Ordinal)];

    [Fact]
    public void Each_version_has_the_libraries_its_apiserver_has()
    {
        // One minor later than base.go introduced them: new expressions compile in the n-1 environment.
        Assert.Equal(["lists", "regex", "strings/v0", "url"], Names("1.26"));
        Assert.Equal(["lists", "regex", "strings/v0", "url"], Names("1.27"));
        Assert.Equal(["authz", "lists", "regex", "strings/v0", "url"], Names("1.28"));
        Assert.Equal(["authz", "lists", "quantity", "regex", "strings/v0", "url"], Names("1.29"));
        Assert.Equal(["authz", "lists", "quantity", "regex", "sets", "strings/v2", "url"], Names("1.30"));
        Assert.Equal(["authz", "cidr", "ip", "lists", "quantity", "regex", "sets", "strings/v2", "url"], Names("1.31"));
        Assert.Equal(["authz", "cidr", "format", "ip", "lists", "quantity", "regex", "sets", "strings/v2", "url"], Names("1.32"));
        Assert.Equal(["authz", "authz-selectors", "cidr", "format", "ip", "lists", "quantity", "regex", "sets", "strings/v2", "url"], Names("1.33"));
        Assert.Equal(["authz", "authz-selectors", "cidr", "format", "ip", "lists", "quantity", "regex", "semver", "sets", "strings/v2", "url"], Names("1.34"));
        Assert.Equal(["authz", "authz-selectors", "cidr", "ext-lists", "format", "ip", "lists", "quantity", "regex", "semver", "sets", "strings/v2", "url"], Names("1.35"));
        // base.go adds nothing in 1.35 and 1.36; its 1.37 entry (lists version 1) reaches new expressions in 1.38.
        Assert.Equal(Names("1.35"), Names("1.36"));
        Assert.Equal(Names("1.35"), Names("1.37"));
    }

    [Theory]
    [InlineData("1.26", 0u)]
    [InlineData("1.37", 0u)]
    [InlineData("1.38", 1u)]
    public void The_Kubernetes_lists_library_is_version_1_one_minor_after_base_go_introduced_it(string version, uint expected) =>
        Assert.Equal(expected, KubernetesLibraries.For(KubernetesVersion.Parse(version)).OfType<ListsLibrary>().Single().Version);

    [Fact]
    public void Overload_ids_are_unique_within_each_version()
    {
        foreach (var minor in Enumerable.Range(KubernetesVersion.Oldest.Minor, KubernetesVersion.Latest.Minor - KubernetesVersion.Oldest.Minor + 2))
        {
            var ids = KubernetesLibraries.For(new KubernetesVersion(1, minor)).SelectMany(l => l.Overloads).Select(o => o.Id).ToList();
            Assert.Equal(ids.Count, ids.Distinct(StringComparer.Ordinal).Count());
        }
    }

    [Fact]
    public void Every_authorizer_function_answers_with_an_offline_error()
    {
        foreach (var o in new AuthzLibrary(false).Overloads.Concat(new AuthzLibrary(true).Overloads))
        {
            var args = o.Parameters.Select(p => p == CelType.String ? (object)"x" : CelAuthorizer.Offline).ToArray();
            var result = o switch
            {
                { Unary: { } f } => f(args[0]),
                { Binary: { } f } => f(args[0], args[1]),
                { Ternary: { } f } => f(args[0], args[1], args[2]),
                _ => throw new InvalidOperationException(o.Id),
            };
            Assert.StartsWith("authorizer is not available offline: ", ErrorMessage(result));
        }
    }

    [Fact]
    public void Math_and_encoders_follow_cel_go()
    {
        var math = new MathLibrary();
        Assert.Equal(2305843009213693824L, Call(math, "math.bitShiftRight", -1024L, 3L));
        Assert.Equal("math.bitShiftLeft() negative offset: -1", ErrorMessage(Call(math, "math.bitShiftLeft", 1UL, -1L)));
        Assert.Equal(-2.0, Call(math, "math.round", -1.5));
        Assert.Equal(10L, Call(math, "math.greatest", L(dyn(5.4), dyn(10L), dyn(3UL))));
        Assert.Equal(-5.0, Call(math, "math.least", 5.4, 10L, 3UL, -5.0));
        Assert.Equal("integer overflow", ErrorMessage(Call(math, "math.abs", long.MinValue)));
        var enc = new EncodersLibrary();
        Assert.Equal("aGVsbG8=", Call(enc, "base64.encode", new CelBytes("hello"u8.ToArray())));
        Assert.Equal(new CelBytes("hello"u8.ToArray()), Call(enc, "base64.decode", "aGVsbG8"));
        Assert.StartsWith("illegal base64 data at input byte", ErrorMessage(Call(enc, "base64.decode", "a$")));
    }

    private static object dyn(object o) => o;
}
