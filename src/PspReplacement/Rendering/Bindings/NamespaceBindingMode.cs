namespace PspReplacement.Rendering.Bindings;

/// <summary>
/// How a binding picks its namespaces. Labels: the label scheme (profile label, per-policy exclude/include labels),
/// fail-closed. Names: by <c>kubernetes.io/metadata.name</c>, which the apiserver sets and nobody can edit, for clusters
/// where tenants can edit their namespace's labels and could otherwise opt themselves out.
/// </summary>
public enum NamespaceBindingMode { Labels, Names }
