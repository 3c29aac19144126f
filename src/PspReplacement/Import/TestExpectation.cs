namespace PspReplacement.Import;

/// <summary>
/// What an upstream test says about one resource and one Kyverno policy (or rule): admitted or denied. Turned into a
/// fixture of the imported policy once the policy is known to be imported.
/// </summary>
/// <param name="Policy">The Kyverno policy name.</param>
/// <param name="Rule">The Kyverno rule (null: a ValidatingPolicy, or every rule of the policy).</param>
/// <param name="Origin">The test file and resource, for the fixture name and reports ("kyverno-test.yaml Pod badpod01").</param>
/// <param name="Object">The resource as plain data.</param>
public sealed record TestExpectation(string Policy, string? Rule, string Origin, bool Deny, object Object, string SourceFolder);

/// <summary>The resources of test manifests, found by kind, namespace and name like `kyverno test` does.</summary>
internal sealed class ResourceIndex
{
    private readonly List<Dictionary<string, object?>> resources = [];

    public void Add(object? plain)
    {
        if (plain is Dictionary<string, object?> map)
        {
            if (map.GetValueOrDefault("kind") is "List" && map.GetValueOrDefault("items") is List<object?> items)
                foreach (var item in items) Add(item);
            else if (map.GetValueOrDefault("kind") is string) resources.Add(map);
        }
    }

    public IReadOnlyList<Dictionary<string, object?>> All => resources;

    /// <summary>The resources with that name ("name" or "namespace/name"), of that kind when given.</summary>
    public IReadOnlyList<Dictionary<string, object?>> Find(string reference, string? kind, string? @namespace)
    {
        var name = reference;
        var slash = reference.LastIndexOf('/');
        if (slash >= 0) { @namespace = reference[..slash]; name = reference[(slash + 1)..]; }
        return resources.Where(r =>
            Name(r) == name &&
            (kind is null || Kind(r) == kind || Kind(r).Equals(kind.Split('/')[^1], StringComparison.Ordinal)) &&
            (@namespace is null || (Namespace(r) ?? "default") == @namespace)).ToList();
    }

    public static string Kind(Dictionary<string, object?> r) => r.GetValueOrDefault("kind") as string ?? "";
    public static string? Name(Dictionary<string, object?> r) => (r.GetValueOrDefault("metadata") as Dictionary<string, object?>)?.GetValueOrDefault("name") as string;
    public static string? Namespace(Dictionary<string, object?> r) => (r.GetValueOrDefault("metadata") as Dictionary<string, object?>)?.GetValueOrDefault("namespace") as string;
}
