using System.Text;
using CsCheck;

namespace PspReplacement.Tests.Fuzz;

/// <summary>
/// Hostile variants of valid inputs: truncated, bytes flipped, YAML indicators, control characters and broken
/// Unicode inserted, nesting deep, aliases multiplying, huge scalars appended. Shared by every fuzz target.
/// </summary>
public static class Mutations
{
    /// <summary>How many cases a fuzz test runs: its base count times PSPR_FUZZ_SCALE (scripts/fuzz.sh raises it).</summary>
    public static long Iterations(long baseCount) =>
        baseCount * (long.TryParse(Environment.GetEnvironmentVariable("PSPR_FUZZ_SCALE"), out var scale) && scale > 0 ? scale : 1);

    public static readonly string[] Insertions =
    [
        "[", "]", "{", "}", ",", ":", ": ", "- ", "? ", "&a ", "*a", "*b ", "<<: *a\n", "!!binary ", "!!int ", "!x ", "|", "|-\n", ">+", "'", "\"", "\\",
        "\\u", "#", "%YAML 1.1\n", "---", "---\n", "...\n", "\t", "\r", "\r\n", "\n", "\u0085", "\u2028", "\uFEFF", "\u0001", "\u0000", "\uD800", "\uFFFE",
        "\u00e9", "😀", "~", "null", ".inf", "0x", "1e400", "18446744073709551616: x\n", "? [a]\n: b\n", new string('[', 1200), new string('{', 50),
        new string('x', 70_000), "a: &b [*a, *a, *a, *a]\n",
    ];

    public static readonly string[] Bombs =
    [
        string.Concat(Enumerable.Range(1, 9).Select(i => $"a{i}: &a{i} [" + string.Join(", ", Enumerable.Repeat($"*a{i - 1}", 9)) + "]\n")),
        new string('[', 5000) + new string(']', 5000) + "\n",
        string.Concat(Enumerable.Range(0, 1200).Select(i => new string(' ', i) + "k:\n")),
    ];

    private sealed record Mutation(int Kind, int Position, int Insertion, byte Byte);

    private static readonly Gen<Mutation> OneMutation = Gen.Select(Gen.Int[0, 3], Gen.Int[0, int.MaxValue], Gen.Int[0, Insertions.Length - 1], Gen.Byte,
        (kind, position, insertion, b) => new Mutation(kind, position, insertion, b));

    /// <summary>One of the seeds with one to four mutations, and now and then a bomb appended.</summary>
    public static Gen<byte[]> Of(params string[] seeds) => Gen.Select(Gen.Int[0, seeds.Length - 1], OneMutation.Array[1, 4], Gen.Int[0, 20], Gen.Int[0, Bombs.Length - 1],
        (which, mutations, bomb, bombIndex) =>
        {
            var bytes = Encoding.UTF8.GetBytes(seeds[which] + "\n").ToList();
            foreach (var m in mutations)
            {
                var at = bytes.Count == 0 ? 0 : m.Position % (bytes.Count + 1);
                switch (m.Kind)
                {
                    case 0: bytes.RemoveRange(at, bytes.Count - at); break; // truncated
                    case 1 when bytes.Count > 0: bytes[at % bytes.Count] = m.Byte; break; // a byte flipped
                    default: bytes.InsertRange(at, Encoding.UTF8.GetBytes(Insertions[m.Insertion])); break;
                }
            }
            if (bomb == 0) bytes.AddRange(Encoding.UTF8.GetBytes(Bombs[bombIndex]));
            return bytes.ToArray();
        });

    /// <summary>Printable form of a case for a failure message.</summary>
    public static string Show(byte[] bytes) => Encoding.UTF8.GetString(bytes.Length > 2000 ? bytes[..2000] : bytes);
}
