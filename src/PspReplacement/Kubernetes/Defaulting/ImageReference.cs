using System.Text.RegularExpressions;

namespace PspReplacement.Kubernetes.Defaulting;

/// <summary>
/// The tag of a container image reference, as pkg/util/parsers.ParseImageName finds it for the imagePullPolicy
/// default: the reference grammar of distribution/reference (ParseNormalizedNamed); "latest" when the reference has
/// neither tag nor digest; "" when it does not parse (the default function ignores the error).
/// </summary>
public static partial class ImageReference
{
    public static string TagOf(string image)
    {
        if (image.Length == 0 || AnchoredHex().IsMatch(image)) return "";
        var m = Reference().Match(image);
        if (!m.Success) return "";
        var name = m.Groups["name"].Value;
        if (name.Length > 255) return "";
        // Without a domain, the first path component may not look like one; an uppercase letter is only legal there.
        var slash = name.IndexOf('/');
        var first = slash < 0 ? "" : name[..slash];
        var hasDomain = first.Length > 0 && (first.Contains('.') || first.Contains(':') || first == "localhost" || first.Any(char.IsAsciiLetterUpper));
        var path = hasDomain ? name[(slash + 1)..] : name;
        if (path.Any(char.IsAsciiLetterUpper)) return "";
        var tag = m.Groups["tag"].Value;
        var digest = m.Groups["digest"].Value;
        return tag.Length == 0 && digest.Length == 0 ? "latest" : tag;
    }

    [GeneratedRegex(@"^[a-f0-9]{64}$")]
    private static partial Regex AnchoredHex();

    // domain (host[:port] or [IPv6]) / path-component(/path-component)* [:tag] [@digest]; path components are
    // lowercase (checked above so that the domain may hold uppercase letters).
    [GeneratedRegex(@"^(?<name>(?:(?:(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])(?:\.(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9]))*|\[[a-fA-F0-9:]+\])(?::[0-9]+)?/)?[a-zA-Z0-9]+(?:(?:[._]|__|[-]+)[a-zA-Z0-9]+)*(?:/[a-zA-Z0-9]+(?:(?:[._]|__|[-]+)[a-zA-Z0-9]+)*)*)(?::(?<tag>[\w][\w.-]{0,127}))?(?:@(?<digest>[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}))?$")]
    private static partial Regex Reference();
}
