using PspReplacement.Cel.Libraries;
using PspReplacement.Cel.Runtime;
using static PspReplacement.Cel.Tests.Libraries.LibraryCalls;

namespace PspReplacement.Cel.Tests.Libraries;

public class FormatAndSemverLibraryTests
{
    private static readonly FormatLibrary Format = new();
    private static readonly SemverLibrary Semver = new();

    private static IReadOnlyList<object>? Problems(string format, string value)
    {
        var f = Call(Format, "format." + format);
        var result = Assert.IsType<CelOptional>(Call(Format, "validate", f, value));
        return result.HasValue ? (IReadOnlyList<object>)result.Value : null;
    }

    [Theory]
    [InlineData("dns1123Label", "my-name", true)]
    [InlineData("dns1123Label", "", false)]
    [InlineData("dns1123Label", "-a", false)]
    [InlineData("dns1123Label", "a.b", false)]
    [InlineData("dns1123Label", "name\n", false)]
    [InlineData("uuid", "123e4567-e89b-12d3-a456-426614174000\n", false)]
    [InlineData("dns1123LabelPrefix", "my-prefix-", true)]
    [InlineData("dns1123Subdomain", "apiextensions.k8s.io", true)]
    [InlineData("dns1123Subdomain", "a..b", false)]
    [InlineData("dns1035Label", "1abc", false)]
    [InlineData("dns1035Label", "abc-1", true)]
    [InlineData("qualifiedName", "example.com/MyName", true)]
    [InlineData("qualifiedName", "a/b/c", false)]
    [InlineData("qualifiedName", "/name", false)]
    [InlineData("labelValue", "", true)]
    [InlineData("labelValue", "my_value.1", true)]
    [InlineData("labelValue", "_bad", false)]
    [InlineData("uri", "http://example.com", true)]
    [InlineData("uri", "example", false)]
    [InlineData("uuid", "123e4567-e89b-12d3-a456-426614174000", true)]
    [InlineData("uuid", "123e4567e89b12d3a456426614174000", true)]
    [InlineData("uuid", "123e4567-e89b-12d3-a456", false)]
    [InlineData("byte", "aGVsbG8=", true)]
    [InlineData("byte", "aGVsbG8", false)]
    [InlineData("date", "2021-01-01", true)]
    [InlineData("date", "2021-02-30", false)]
    [InlineData("datetime", "2021-01-01T00:00:00Z", true)]
    [InlineData("datetime", "2021-01-01T25:00:00Z", false)]
    public void Validates_like_apimachinery(string format, string value, bool valid) => Assert.Equal(valid, Problems(format, value) is null);

    [Fact]
    public void Messages_are_apimachinery_texts()
    {
        Assert.Equal(
            L("must be no more than 63 characters",
              "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')"),
            Problems("dns1123Label", new string('A', 64)));
        Assert.Equal(L("prefix part must be non-empty"), Problems("qualifiedName", "/name"));
    }

    [Fact]
    public void Named_formats_are_optional()
    {
        Assert.True(Assert.IsType<CelOptional>(Call(Format, "format.named", "uuid")).HasValue);
        Assert.False(Assert.IsType<CelOptional>(Call(Format, "format.named", "email")).HasValue);
    }

    [Theory]
    [InlineData("1.2.3", true)]
    [InlineData("1.2.3-alpha.1+build.5", true)]
    [InlineData("1.2", false)]
    [InlineData("v1.2.3", false)]
    [InlineData("01.2.3", false)]
    [InlineData("1.2.3-01", false)]
    [InlineData("1.2.3-", false)]
    [InlineData("1.2.3+", false)]
    [InlineData("1.2.x", false)]
    [InlineData("", false)]
    public void Strict_semver(string text, bool valid) => Assert.Equal(valid, Call(Semver, "isSemver", text));

    [Theory]
    [InlineData("v1", "1.0.0")]
    [InlineData("v1.02", "1.2.0")]
    [InlineData("01.002.0003", "1.2.3")]
    [InlineData("1.2.3-rc.1", "1.2.3-rc.1")]
    public void Normalized_semver(string text, string expected) => Assert.Equal(expected, Call(Semver, "semver", text, true).ToString());

    [Fact]
    public void Semver_errors_and_ordering()
    {
        Assert.Equal("short version cannot contain PreRelease/Build meta data", ErrorMessage(Call(Semver, "semver", "1.2-rc", true)));
        Assert.Equal("No Major.Minor.Patch elements found", ErrorMessage(Call(Semver, "semver", "1.2")));
        Assert.Equal("Major number must not contain leading zeroes \"01\"", ErrorMessage(Call(Semver, "semver", "01.2.3")));
        string[] ordered = ["1.0.0-alpha", "1.0.0-alpha.1", "1.0.0-alpha.beta", "1.0.0-beta", "1.0.0-beta.2", "1.0.0-beta.11", "1.0.0-rc.1", "1.0.0", "1.10.0"];
        for (var i = 0; i + 1 < ordered.Length; i++)
        {
            Assert.Equal(true, Call(Semver, "isLessThan", Call(Semver, "semver", ordered[i]), Call(Semver, "semver", ordered[i + 1])));
            Assert.Equal(1L, Call(Semver, "compareTo", Call(Semver, "semver", ordered[i + 1]), Call(Semver, "semver", ordered[i])));
        }
        Assert.Equal(0L, Call(Semver, "compareTo", Call(Semver, "semver", "1.0.0+a"), Call(Semver, "semver", "1.0.0+b")));
    }
}
