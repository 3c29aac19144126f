namespace PspReplacement.Yaml;

/// <summary>
/// resolve.go's parseTimestamp: the text is a timestamp when time.Parse accepts it with one of four layouts
/// ("2006-1-2T15:4:5.999999999Z07:00", the same with a lower-case t, "2006-1-2 15:4:5.999999999", "2006-1-2").
/// Only an explicit !!timestamp tag depends on it: an untagged timestamp is a string either way.
/// </summary>
internal static class GoTimestamp
{
    public static bool IsTimestamp(string s)
    {
        // The quick check of parseTimestamp: four digits and a dash.
        if (s.Length < 5 || !char.IsAsciiDigit(s[0]) || !char.IsAsciiDigit(s[1]) || !char.IsAsciiDigit(s[2]) || !char.IsAsciiDigit(s[3]) || s[4] != '-') return false;
        var year = int.Parse(s.AsSpan(0, 4));
        var i = 5;
        if (!Number(s, ref i, out var month) || month is < 1 or > 12) return false;
        if (!Expect(s, ref i, '-') || !Number(s, ref i, out var day) || day < 1 || day > DateTime.DaysInMonth(Math.Max(year, 1), month)) return false;
        if (i == s.Length) return true;
        var separator = s[i];
        if (separator is not ('T' or 't' or ' ')) return false;
        i++;
        if (!Number(s, ref i, out var hour) || hour > 23) return false;
        if (!Expect(s, ref i, ':') || !Number(s, ref i, out var minute) || minute > 59) return false;
        if (!Expect(s, ref i, ':') || !Number(s, ref i, out var second) || second > 59) return false;
        // An optional fraction: '.' or ',' and at least one digit.
        if (i + 1 < s.Length && s[i] is '.' or ',' && char.IsAsciiDigit(s[i + 1]))
        {
            i++;
            while (i < s.Length && char.IsAsciiDigit(s[i])) i++;
        }
        if (separator == ' ') return i == s.Length;
        if (i < s.Length && s[i] == 'Z') return i + 1 == s.Length;
        // ±hh:mm, exactly six characters.
        return s.Length - i == 6 && s[i] is '+' or '-' && char.IsAsciiDigit(s[i + 1]) && char.IsAsciiDigit(s[i + 2]) && s[i + 3] == ':'
               && char.IsAsciiDigit(s[i + 4]) && char.IsAsciiDigit(s[i + 5]);
    }

    private static bool Expect(string s, ref int i, char c)
    {
        if (i >= s.Length || s[i] != c) return false;
        i++;
        return true;
    }

    // time.Parse's getnum(value, false): one digit, or two when a second one follows.
    private static bool Number(string s, ref int i, out int value)
    {
        value = 0;
        if (i >= s.Length || !char.IsAsciiDigit(s[i])) return false;
        value = s[i++] - '0';
        if (i < s.Length && char.IsAsciiDigit(s[i])) value = value * 10 + (s[i++] - '0');
        return true;
    }
}
