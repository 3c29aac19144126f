namespace PspReplacement.Profiles;

/// <summary>A Pod Security Standards version as PSA names them: v1.NN (the Kubernetes minor release that defined it).</summary>
public readonly record struct PssVersion(int Major, int Minor) : IComparable<PssVersion>
{
    /// <summary>The newest PSS version this library knows (the newest Kubernetes release).</summary>
    public static readonly PssVersion Latest = new(1, 37);

    public static bool TryParse(string? text, out PssVersion version)
    {
        version = default;
        if (text is null || text.Length < 4 || text[0] != 'v') return false;
        var parts = text[1..].Split('.');
        if (parts.Length != 2) return false;
        if (!int.TryParse(parts[0], System.Globalization.NumberStyles.None, null, out var major)) return false;
        if (!int.TryParse(parts[1], System.Globalization.NumberStyles.None, null, out var minor)) return false;
        version = new PssVersion(major, minor);
        return true;
    }

    /// <summary>Parses "v1.NN" or "latest".</summary>
    public static PssVersion Parse(string text) =>
        text == "latest" ? Latest : TryParse(text, out var v) ? v : throw new FormatException($"'{text}' is not a Pod Security Standards version such as v1.30 or latest");

    public int CompareTo(PssVersion other) => Major != other.Major ? Major.CompareTo(other.Major) : Minor.CompareTo(other.Minor);
    public static bool operator <(PssVersion a, PssVersion b) => a.CompareTo(b) < 0;
    public static bool operator >(PssVersion a, PssVersion b) => a.CompareTo(b) > 0;
    public static bool operator <=(PssVersion a, PssVersion b) => a.CompareTo(b) <= 0;
    public static bool operator >=(PssVersion a, PssVersion b) => a.CompareTo(b) >= 0;
    public override string ToString() => $"v{Major}.{Minor}";
}
