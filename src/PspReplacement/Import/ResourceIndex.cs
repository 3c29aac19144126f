namespace PspReplacement.Import;

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
