using System.Collections;
using System.Globalization;

namespace Ivyo.Schema.Cel;

/// <summary>
/// Creates a CEL environment with the parts of Kubernetes' CEL libraries the Cel package lacks: the string
/// extensions (lowerAscii, upperAscii, trim, indexOf, lastIndexOf, replace, split, substring, charAt, join)
/// and the list functions isSorted, sum, min and max. Quantity, URL, IP and regex-find libraries are not available.
/// </summary>
internal static class CelLibrary
{
    public static global::Cel.CelEnvironment CreateEnvironment()
    {
        var env = new global::Cel.CelEnvironment(null, null);
        env.RegisterFunction("lowerAscii", [typeof(string)], a => AsciiMap(Str(a[0]), char.ToLowerInvariant));
        env.RegisterFunction("upperAscii", [typeof(string)], a => AsciiMap(Str(a[0]), char.ToUpperInvariant));
        env.RegisterFunction("trim", [typeof(string)], a => Str(a[0]).Trim());
        env.RegisterFunction("indexOf", [typeof(string), typeof(string)], a => (long)Str(a[0]).IndexOf(Str(a[1]), StringComparison.Ordinal));
        env.RegisterFunction("indexOf", [typeof(string), typeof(string), typeof(long)], a => (long)Str(a[0]).IndexOf(Str(a[1]), (int)(long)a[2]!, StringComparison.Ordinal));
        env.RegisterFunction("lastIndexOf", [typeof(string), typeof(string)], a => (long)Str(a[0]).LastIndexOf(Str(a[1]), StringComparison.Ordinal));
        env.RegisterFunction("replace", [typeof(string), typeof(string), typeof(string)], a => Str(a[0]).Replace(Str(a[1]), Str(a[2]), StringComparison.Ordinal));
        env.RegisterFunction("split", [typeof(string), typeof(string)], a => Str(a[0]).Split(Str(a[1])).Cast<object?>().ToList());
        env.RegisterFunction("substring", [typeof(string), typeof(long)], a => Str(a[0])[(int)(long)a[1]!..]);
        env.RegisterFunction("substring", [typeof(string), typeof(long), typeof(long)], a => Str(a[0])[(int)(long)a[1]!..(int)(long)a[2]!]);
        env.RegisterFunction("charAt", [typeof(string), typeof(long)], a => CharAt(Str(a[0]), (long)a[1]!));
        env.RegisterFunction("join", [typeof(IEnumerable)], a => string.Concat(Items(a[0]).Select(x => Convert.ToString(x, CultureInfo.InvariantCulture))));
        env.RegisterFunction("join", [typeof(IEnumerable), typeof(string)], a => string.Join(Str(a[1]), Items(a[0]).Select(x => Convert.ToString(x, CultureInfo.InvariantCulture))));
        env.RegisterFunction("isSorted", [typeof(IEnumerable)], a => IsSorted(Items(a[0])));
        env.RegisterFunction("sum", [typeof(IEnumerable)], a => Sum(Items(a[0])));
        env.RegisterFunction("min", [typeof(IEnumerable)], a => Items(a[0]).Min(Comparer));
        env.RegisterFunction("max", [typeof(IEnumerable)], a => Items(a[0]).Max(Comparer));
        return env;
    }

    private static readonly Comparer<object?> Comparer = Comparer<object?>.Create(Compare);

    private static string Str(object? value) => value as string ?? string.Empty;

    private static List<object?> Items(object? value) => value is IEnumerable e and not string ? e.Cast<object?>().ToList() : [];

    private static string AsciiMap(string s, Func<char, char> map) => new(s.Select(c => c < 128 ? map(c) : c).ToArray());

    private static string CharAt(string s, long index) => index == s.Length ? string.Empty : s[(int)index].ToString();

    private static bool IsSorted(List<object?> items)
    {
        for (var i = 1; i < items.Count; i++)
        {
            if (Compare(items[i - 1], items[i]) > 0)
            {
                return false;
            }
        }

        return true;
    }

    private static object Sum(List<object?> items)
    {
        if (items.All(i => i is long))
        {
            return items.Sum(i => (long)i!);
        }

        return items.Sum(i => Convert.ToDouble(i, CultureInfo.InvariantCulture));
    }

    private static int Compare(object? a, object? b) => (a, b) switch
    {
        (string x, string y) => string.CompareOrdinal(x, y),
        (long x, long y) => x.CompareTo(y),
        (IComparable x, _) when b is not null && a.GetType() == b.GetType() => x.CompareTo(b),
        _ => Convert.ToDouble(a, CultureInfo.InvariantCulture).CompareTo(Convert.ToDouble(b, CultureInfo.InvariantCulture)),
    };
}
