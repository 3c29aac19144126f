
namespace PspReplacement.Cel;

// The public face of the engine, used by the product (render, check, test, import) and the CLI.

/// <summary>One compile problem: what and where (1-based line and column, 0-based offset).</summary>
public sealed record CelIssue(string Message, int Line, int Column, int Offset);

/// <summary>Compilation failed. Message reads like cel-go's: "ERROR: &lt;input&gt;:1:5: Syntax error: ..." with the source line and a caret.</summary>
public sealed class CelCompileException(string source, IReadOnlyList<CelIssue> issues, string message) : Exception(message)
{
    public string Expression { get; } = source;
    public IReadOnlyList<CelIssue> Issues { get; } = issues;
}

/// <summary>A Kubernetes minor version such as 1.30; parses "1.30", "v1.30" and "1.30.2".</summary>
public readonly record struct KubernetesVersion(int Major, int Minor) : IComparable<KubernetesVersion>
{
    /// <summary>The newest Kubernetes version whose CEL environment this engine knows.</summary>
    public static readonly KubernetesVersion Latest = new(1, 37);
    public static readonly KubernetesVersion Oldest = new(1, 26);

    public static bool TryParse(string? text, out KubernetesVersion version)
    {
        version = default;
        if (string.IsNullOrWhiteSpace(text)) return false;
        var s = text.Trim();
        if (s.StartsWith('v') || s.StartsWith('V')) s = s[1..];
        var parts = s.Split('.');
        if (parts.Length is < 2 or > 3) return false;
        if (!int.TryParse(parts[0], System.Globalization.NumberStyles.None, null, out var major)) return false;
        if (!int.TryParse(parts[1], System.Globalization.NumberStyles.None, null, out var minor)) return false;
        if (parts.Length == 3 && !int.TryParse(parts[2], System.Globalization.NumberStyles.None, null, out _)) return false;
        version = new KubernetesVersion(major, minor);
        return true;
    }

    public static KubernetesVersion Parse(string text) =>
        TryParse(text, out var v) ? v : throw new FormatException($"'{text}' is not a Kubernetes version such as 1.30");

    public int CompareTo(KubernetesVersion other) => Major != other.Major ? Major.CompareTo(other.Major) : Minor.CompareTo(other.Minor);
    public static bool operator <(KubernetesVersion a, KubernetesVersion b) => a.CompareTo(b) < 0;
    public static bool operator >(KubernetesVersion a, KubernetesVersion b) => a.CompareTo(b) > 0;
    public static bool operator <=(KubernetesVersion a, KubernetesVersion b) => a.CompareTo(b) <= 0;
    public static bool operator >=(KubernetesVersion a, KubernetesVersion b) => a.CompareTo(b) >= 0;
    public override string ToString() => $"{Major}.{Minor}";
}

/// <summary>Supplies variable values for one evaluation. Implementations may compute values lazily.</summary>
public interface IActivation
{
    bool TryResolve(string name, out object value);
}

/// <summary>An activation over a dictionary of ready CEL values.</summary>
public sealed class MapActivation(IReadOnlyDictionary<string, object> values) : IActivation
{
    public static readonly MapActivation Empty = new(new Dictionary<string, object>());
    public bool TryResolve(string name, out object value) => values.TryGetValue(name, out value!);
}
