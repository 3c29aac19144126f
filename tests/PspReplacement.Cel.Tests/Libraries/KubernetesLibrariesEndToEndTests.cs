using PspReplacement.Cel.Runtime;

namespace PspReplacement.Cel.Tests.Libraries;

/// <summary>The libraries as a kube-apiserver's CEL offers them: compiled and evaluated through CelEnvironment.</summary>
public class KubernetesLibrariesEndToEndTests
{
    private static object Eval(string expression, string version = "1.37") =>
        CelEnvironment.ForKubernetes(KubernetesVersion.Parse(version)).Compile(expression).Evaluate(MapActivation.Empty);

    [Theory]
    // strings (cel-go ext.Strings v2)
    [InlineData("'hello mellow'.indexOf('ello', 2) == 7")]
    [InlineData("'ta©o©αT'.substring(2, 6) == '©o©α'")]
    [InlineData("' \\ttrim\\n '.trim() == 'trim'")]
    [InlineData("['a', 'b'].join(', ') == 'a, b'")]
    [InlineData("'%s has %d containers'.format([dyn('pod'), dyn(2)]) == 'pod has 2 containers'")]
    [InlineData("strings.quote('a\"b') == '\"a\\\\\"b\"'")]
    // Kubernetes lists
    [InlineData("[1, 2, 3].isSorted() && ![2, 1].isSorted() && [].isSorted()")]
    [InlineData("[1, 2, 3].sum() == 6 && [1.5, 2.5].sum() == 4.0 && [].sum() == 0")]
    [InlineData("[3, 1, 2].min() == 1 && ['b', 'a'].max() == 'b'")]
    [InlineData("[1, 2, 2, 3].indexOf(2) == 1 && [1, 2, 2, 3].lastIndexOf(2) == 2 && [1].indexOf(5) == -1")]
    // regex
    [InlineData("'abc 123 def 456'.find('[0-9]+') == '123' && 'abc'.find('[0-9]+') == ''")]
    [InlineData("'abc 123 def 456'.findAll('[0-9]+') == ['123', '456'] && 'abc 123 def 456'.findAll('[0-9]+', 1) == ['123']")]
    [InlineData("'registry.k8s.io/pause:3.9'.matches('^registry\\\\.k8s\\\\.io/')")]
    // url
    [InlineData("url('https://user@example.com:8443/a%20b?x=1&x=2#frag').getHost() == 'example.com:8443'")]
    [InlineData("url('https://[::1]:80/').getHostname() == '::1' && url('https://[::1]:80/').getPort() == '80'")]
    [InlineData("url('https://example.com/a%20b').getEscapedPath() == '/a%20b' && url('https://example.com/p?x=1&x=2&y=').getQuery() == {'x': ['1', '2'], 'y': ['']}")]
    [InlineData("isURL('https://example.com') && !isURL('example.com') && isURL('/absolute/path')")]
    // ip and cidr
    [InlineData("ip('192.168.0.1').family() == 4 && ip('::1').family() == 6 && ip('::1').isLoopback()")]
    [InlineData("isIP('10.0.0.1') && !isIP('010.0.0.1') && !isIP('::ffff:1.2.3.4') && !isIP('fe80::1%eth0')")]
    [InlineData("ip.isCanonical('2001:db8::1') && !ip.isCanonical('2001:DB8::1') && !ip.isCanonical('2001:db8:0::1')")]
    [InlineData("ip('169.254.1.1').isLinkLocalUnicast() && ip('224.0.0.5').isLinkLocalMulticast() && ip('8.8.8.8').isGlobalUnicast() && ip('0.0.0.0').isUnspecified()")]
    [InlineData("cidr('10.0.0.0/8').containsIP('10.1.2.3') && !cidr('10.0.0.0/8').containsIP(ip('11.0.0.1')) && cidr('10.0.0.0/8').containsCIDR('10.1.0.0/16')")]
    [InlineData("cidr('192.168.1.5/24').masked() == cidr('192.168.1.0/24') && cidr('192.168.1.5/24').ip() == ip('192.168.1.5') && cidr('::/0').prefixLength() == 0")]
    [InlineData("string(ip('2001:0db8:0000::0001')) == '2001:db8::1' && string(cidr('10.0.0.0/8')) == '10.0.0.0/8'")]
    // quantity
    [InlineData("quantity('1Gi') == quantity('1024Mi') && quantity('1.5').isGreaterThan(quantity('1500m')) == false")]
    [InlineData("quantity('500m').add(quantity('1')).compareTo(quantity('1500m')) == 0 && quantity('2').sub(1).asInteger() == 1")]
    [InlineData("quantity('1k').asInteger() == 1000 && !quantity('1.5').isInteger() && quantity('-1').sign() == -1 && quantity('2.5').asApproximateFloat() == 2.5")]
    [InlineData("isQuantity('1e3') && !isQuantity('1K') && !isQuantity('') && !isQuantity('1.2.3')")]
    // quantity_test.go add_does_not_mutate_receiver (v0.37.0-beta.0): add and sub return new quantities. Before 1.37 a
    // big (inf.Dec) quantity shared its value with the sum and add changed its receiver; this engine never did.
    [InlineData("[quantity('9999999999999999999999999999999999999')].all(x, x.add(quantity('1')).compareTo(x.add(quantity('2'))) == -1)")]
    // sets
    [InlineData("sets.contains([1, 2, 3], [dyn(1.0), dyn(2u)]) && sets.equivalent([1, 1, 2], [2, 1]) && sets.intersects([1], [2, 1]) && !sets.intersects([], [])")]
    // format
    [InlineData("format.dns1123Label().validate('my-name') == optional.none() && format.dns1123Label().validate('My_Name').hasValue()")]
    [InlineData("format.named('labelValue').hasValue() && !format.named('nope').hasValue()")]
    // semver
    [InlineData("semver('1.2.3').isLessThan(semver('1.10.0')) && semver('1.0.0-alpha').isLessThan(semver('1.0.0')) && semver('v1.2', true).minor() == 2")]
    [InlineData("isSemver('1.2.3') && !isSemver('1.2') && !isSemver('01.2.3')")]
    // cel-go lists v3
    [InlineData("[1, 2, 3, 4].slice(1, 3) == [2, 3] && [[1], [2, [3]]].flatten() == [1, 2, [3]] && [3, 1, 2].sort() == [1, 2, 3]")]
    [InlineData("[1, 2, 1].distinct() == [1, 2] && [1, 2].reverse() == [2, 1] && lists.range(3) == [0, 1, 2] && [5].first() == optional.of(5) && [].last() == optional.none()")]
    public void Expression_is_true(string expression) => Assert.Equal(true, Eval(expression));

    [Theory]
    [InlineData("'tacocat'.charAt(30)", "index out of range: 30")]
    [InlineData("[].min()", "min called on empty list")]
    [InlineData("'abc'.find('(?=a)')", "error parsing regexp: invalid or unsupported Perl syntax: `(?=`")]
    [InlineData("'abc'.findAll('(a)\\\\1')", "error parsing regexp: invalid escape sequence: `\\1`")]
    [InlineData("quantity('1Gi').add(quantity('1')).asInteger() == 0 || quantity('1.5').asInteger() == 1", "cannot convert value to integer")]
    [InlineData("ip('::ffff:1.2.3.4')", "IPv4-mapped IPv6 address \"::ffff:1.2.3.4\" is not allowed")]
    [InlineData("quantity('1K')", "unable to parse quantity's suffix")]
    public void Expression_fails_with(string expression, string message) =>
        Assert.Equal(message, Assert.IsType<CelError>(Eval(expression)).Message);

    [Theory]
    [InlineData("ip('1.2.3.4')", "1.29")]
    [InlineData("quantity('1')", "1.27")]
    [InlineData("sets.contains([1], [1])", "1.28")]
    [InlineData("format.dns1123Label()", "1.30")]
    [InlineData("semver('1.0.0')", "1.32")]
    [InlineData("[1].first()", "1.33")]
    [InlineData("'%d'.format([1])", "1.28")]
    [InlineData("strings.quote('a')", "1.28")]
    public void Functions_are_unknown_before_their_kubernetes_version(string expression, string version) =>
        Assert.Throws<CelCompileException>(() => CelEnvironment.ForKubernetes(KubernetesVersion.Parse(version)).Compile(expression));

    [Fact]
    public void Join_and_the_version_0_string_functions_exist_from_the_oldest_version() =>
        Assert.Equal(true, Eval("['a', 'b'].join('-') == 'a-b' && 'a,b'.split(',').size() == 2", "1.26"));

    [Fact]
    public void Authorizer_checks_compile_but_never_answer_offline()
    {
        var env = CelEnvironment.ForKubernetes(KubernetesVersion.Parse("1.35"), ["authorizer"]);
        var program = env.Compile("authorizer.group('apps').resource('deployments').namespace('default').check('create').allowed()");
        var activation = new MapActivation(new Dictionary<string, object> { ["authorizer"] = Cel.Libraries.CelAuthorizer.Offline });
        var error = Assert.IsType<CelError>(program.Evaluate(activation));
        Assert.StartsWith("authorizer is not available offline: group(\"apps\")", error.Message);
    }

    [Fact]
    public void The_request_resource_check_answers_with_the_offline_error_too()
    {
        var env = CelEnvironment.ForKubernetes(KubernetesVersion.Parse("1.30"), ["authorizer", "authorizer.requestResource"]);
        var program = env.Compile("authorizer.requestResource.check('update').allowed()");
        var activation = new MapActivation(new Dictionary<string, object>
        {
            ["authorizer"] = Cel.Libraries.CelAuthorizer.Offline,
            ["authorizer.requestResource"] = Cel.Libraries.CelAuthorizer.RequestResourceOffline,
        });
        Assert.StartsWith("authorizer is not available offline: check(\"update\")", Assert.IsType<CelError>(program.Evaluate(activation)).Message);
    }
}
