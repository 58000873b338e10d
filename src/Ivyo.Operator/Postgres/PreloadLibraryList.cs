namespace Ivyo.Operator.Postgres;

/// <summary>Joins comma-separated <c>shared_preload_libraries</c> values.</summary>
public static class PreloadLibraryList
{
    /// <summary>
    /// <paramref name="first"/>'s libraries then <paramref name="second"/>'s, trimmed, without empty items and without
    /// repeats (the first occurrence wins).
    /// </summary>
    /// <remarks>
    /// ivory-operator joins the two strings as <c>first + "," + second</c>. That keeps duplicates (harmless: a library
    /// loads once) and, when the user's value is empty, leaves a trailing comma that PostgreSQL rejects as invalid list
    /// syntax. IVYO splits and rejoins instead, which is otherwise the same order.
    /// </remarks>
    public static string Combine(string? first, string? second)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var items = new List<string>();
        foreach (var value in new[] { first, second })
        {
            foreach (var item in (value ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            {
                if (seen.Add(item))
                {
                    items.Add(item);
                }
            }
        }

        return string.Join(',', items);
    }
}
