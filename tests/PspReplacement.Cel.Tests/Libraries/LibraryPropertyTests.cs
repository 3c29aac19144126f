using CsCheck;
using PspReplacement.Cel.Libraries;

namespace PspReplacement.Cel.Tests.Libraries;

/// <summary>Properties that hold for any input: round trips and agreement with simpler definitions.</summary>
public class LibraryPropertyTests
{
    // Whole code points (an emoji is two UTF-16 units): CEL strings never hold half a surrogate pair.
    private static readonly string[] Pieces = ["a", "b", ",", "©", "😀", " ", "\\", "\"", "\n"];
    private static readonly Gen<string> Text = Gen.Int[0, Pieces.Length - 1].Select(i => Pieces[i]).Array[0, 12].Select(p => string.Concat(p));

    [Fact]
    public void Split_then_join_gives_back_the_string() =>
        Gen.Select(Text, Gen.OneOf(Gen.Const(","), Gen.Const("ab"), Gen.Const("😀"))).Sample((s, sep) =>
            (string)StringsLibrary.Join(StringsLibrary.Split(s, sep, -1), sep) == s);

    [Fact]
    public void Replace_all_agrees_with_ordinal_replace() =>
        Gen.Select(Text, Gen.OneOf(Gen.Const("a"), Gen.Const("©"), Gen.Const("b,")), Text).Sample((s, old, with) =>
            StringsLibrary.Replace(s, old, with, -1) == s.Replace(old, with, StringComparison.Ordinal));

    [Fact]
    public void Substring_of_the_whole_range_is_the_string() =>
        Text.Sample(s => (string)StringsLibrary.Substring(s, 0, s.EnumerateRunes().Count()) == s);

    [Fact]
    public void Integer_quantities_keep_their_value() =>
        Gen.Long[-1_000_000_000_000, 1_000_000_000_000].Sample(n =>
            Quantity.TryParse(n.ToString(System.Globalization.CultureInfo.InvariantCulture), out var q, out _) && q.TryAsInt64(out var v) && v == n);

    [Fact]
    public void Milli_quantities_compare_like_their_integers() =>
        Gen.Select(Gen.Int[-100_000, 100_000], Gen.Int[-100_000, 100_000]).Sample((a, b) =>
            Quantity.TryParse(a + "m", out var qa, out _) && Quantity.TryParse(b + "m", out var qb, out _)
            && Math.Sign(qa.CompareTo(qb)) == Math.Sign(a.CompareTo(b)));

    [Fact]
    public void Ipv4_addresses_print_as_they_parse() =>
        Gen.Select(Gen.Byte, Gen.Byte, Gen.Byte, Gen.Byte).Sample((a, b, c, d) =>
        {
            var text = $"{a}.{b}.{c}.{d}";
            return NetAddress.TryParseKubernetes(text, out _)?.ToString() == text;
        });

    [Fact]
    public void Ipv6_canonical_text_parses_to_the_same_address() =>
        Gen.Byte.Array[16].Sample(bytes =>
        {
            if (bytes.AsSpan(0, 10).IndexOfAnyExcept((byte)0) < 0 && bytes[10] == 0xff && bytes[11] == 0xff) return true; // IPv4-mapped: rejected by design
            var addr = NetAddress.FromBytes(bytes);
            return NetAddress.TryParseGo(addr.ToString(), out _) is { } back && back.Equals(addr);
        });

    [Fact]
    public void Quote_is_what_the_cel_parser_reads_back() =>
        Text.Sample(s => Cel.Parsing.CelParser.Parse(StringsLibrary.Quote(s)) is Cel.Parsing.ConstantExpr { Value: string v } && v == s);
}
