namespace Ivyo.Bench;

/// <summary>Replaces one <c>## </c> section of a Markdown document, keeping everything else.</summary>
public static class MarkdownSections
{
    /// <summary>
    /// Replaces the section that starts with the line <paramref name="heading"/> and runs to the next heading of the
    /// same or a higher level (or the end) with <paramref name="section"/>; appends it when the document has none.
    /// </summary>
    public static string Replace(string document, string heading, string section)
    {
        ArgumentNullException.ThrowIfNull(document);
        var lines = document.ReplaceLineEndings("\n").Split('\n').ToList();
        var replacement = section.ReplaceLineEndings("\n").TrimEnd('\n').Split('\n');
        var start = lines.FindIndex(line => line.TrimEnd() == heading);
        if (start < 0)
        {
            var kept = document.ReplaceLineEndings("\n").TrimEnd('\n');
            return (kept.Length == 0 ? "" : kept + "\n\n") + string.Join('\n', replacement) + "\n";
        }

        var end = NextSection(lines, start + 1);
        var after = end < 0 ? [] : lines.Skip(end).ToList();
        var result = lines.Take(start).Concat(replacement);
        if (after.Count > 0)
        {
            result = result.Append("").Concat(after);
        }

        return string.Join('\n', result).TrimEnd('\n') + "\n";
    }

    /// <summary>The index of the next <c>#</c> or <c>##</c> heading outside code fences, or -1.</summary>
    private static int NextSection(List<string> lines, int from)
    {
        var fenced = false;
        for (var i = from; i < lines.Count; i++)
        {
            var line = lines[i];
            if (line.TrimStart().StartsWith("```", StringComparison.Ordinal))
            {
                fenced = !fenced;
            }
            else if (!fenced && (line.StartsWith("# ", StringComparison.Ordinal) || line.StartsWith("## ", StringComparison.Ordinal)))
            {
                return i;
            }
        }

        return -1;
    }
}
