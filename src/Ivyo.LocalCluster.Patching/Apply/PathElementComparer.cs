using System.Globalization;

namespace Ivyo.LocalCluster.Patching.Apply;

/// <summary>
/// The order structured-merge-diff serializes path elements in: fields, then keys, then values, then indices;
/// fields by name, indices by number, keys and values by their JSON text.
/// </summary>
internal sealed class PathElementComparer : IComparer<string>
{
    public static PathElementComparer Instance { get; } = new();

    public int Compare(string? x, string? y)
    {
        var rank = Rank(x).CompareTo(Rank(y));
        if (rank != 0 || x is null || y is null)
        {
            return rank;
        }

        if (x.StartsWith("i:", StringComparison.Ordinal)
            && int.TryParse(x.AsSpan(2), NumberStyles.Integer, CultureInfo.InvariantCulture, out var xi)
            && int.TryParse(y.AsSpan(2), NumberStyles.Integer, CultureInfo.InvariantCulture, out var yi))
        {
            return xi.CompareTo(yi);
        }

        return string.CompareOrdinal(x, y);
    }

    private static int Rank(string? element) => element is null || element.Length < 2 ? 4 : element[..2] switch
    {
        "f:" => 0,
        "k:" => 1,
        "v:" => 2,
        "i:" => 3,
        _ => 4,
    };
}
