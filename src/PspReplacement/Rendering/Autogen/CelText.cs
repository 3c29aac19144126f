using System.Text;

namespace PspReplacement.Rendering.Autogen;

/// <summary>CEL literals for values that come from user input, so a quote or backslash in a name cannot change the expression.</summary>
internal static class CelText
{
    public static string String(string value)
    {
        var sb = new StringBuilder("'");
        foreach (var c in value)
        {
            switch (c)
            {
                case '\\': sb.Append(@"\\"); break;
                case '\'': sb.Append(@"\'"); break;
                case '\n': sb.Append(@"\n"); break;
                case '\r': sb.Append(@"\r"); break;
                case '\t': sb.Append(@"\t"); break;
                default:
                    if (char.IsControl(c)) sb.Append($"\\u{(int)c:x4}");
                    else sb.Append(c);
                    break;
            }
        }
        return sb.Append('\'').ToString();
    }

    public static string StringList(IEnumerable<string> values) => "[" + string.Join(", ", values.Select(String)) + "]";
}
