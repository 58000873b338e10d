using System.Runtime.CompilerServices;
using System.Text;

namespace Ivyo.LocalCluster.NodeAgent.Logs;

/// <summary>
/// Serves a CRI log file as <c>kubectl logs</c> shows it: partial chunks joined, <c>--timestamps</c>, <c>--tail</c>,
/// <c>--since</c>, <c>--limit-bytes</c>, and <c>--follow</c> until the container stops writing.
/// </summary>
public static class ContainerLogReader
{
    private static readonly TimeSpan s_pollInterval = TimeSpan.FromMilliseconds(100);

    /// <summary>
    /// Yields the output as text pieces. With <see cref="ContainerLogOptions.Follow"/>, keeps reading while
    /// <paramref name="stillWriting"/> says the container runs.
    /// </summary>
    public static async IAsyncEnumerable<string> ReadAsync(
        string path, ContainerLogOptions options, Func<bool> stillWriting, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var reader = new StreamReader(file, Encoding.UTF8);
        var pending = new StringBuilder();
        var remaining = options.LimitBytes ?? long.MaxValue;

        // The existing content first, so that --tail can count from its end.
        var existing = new List<string>();
        while (await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            if (Render(line, options, pending) is { } text)
            {
                existing.Add(text);
            }
        }

        var skip = options.TailLines is { } tail ? Math.Max(0, existing.Count - (int)Math.Min(tail, int.MaxValue)) : 0;
        foreach (var text in existing.Skip(skip))
        {
            if (Limit(text, ref remaining) is { } limited)
            {
                yield return limited;
            }

            if (remaining <= 0)
            {
                yield break;
            }
        }

        if (!options.Follow)
        {
            yield break;
        }

        while (!cancellationToken.IsCancellationRequested)
        {
            var writing = stillWriting();
            var any = false;
            while (await reader.ReadLineAsync(cancellationToken) is { } line)
            {
                any = true;
                if (Render(line, options, pending) is { } text && Limit(text, ref remaining) is { } limited)
                {
                    yield return limited;
                }

                if (remaining <= 0)
                {
                    yield break;
                }
            }

            // Checked before reading: a container that stopped has written everything we just read.
            if (!writing && !any)
            {
                yield break;
            }

            await Task.Delay(s_pollInterval, cancellationToken);
        }
    }

    /// <summary>One output line for a complete log line; null while a partial chunk waits for its end.</summary>
    private static string? Render(string line, ContainerLogOptions options, StringBuilder pending)
    {
        if (CriLogFormat.Parse(line) is not { } entry)
        {
            return null;
        }

        if (options.Since is { } since && entry.Time < since)
        {
            return null;
        }

        pending.Append(entry.Text);
        if (entry.Partial)
        {
            return null;
        }

        var text = pending.ToString();
        pending.Clear();
        return options.Timestamps ? $"{CriLogFormat.DisplayTimestamp(entry.Time)} {text}\n" : text + "\n";
    }

    private static string? Limit(string text, ref long remaining)
    {
        var bytes = Encoding.UTF8.GetByteCount(text);
        if (bytes <= remaining)
        {
            remaining -= bytes;
            return text;
        }

        var cut = Encoding.UTF8.GetString(Encoding.UTF8.GetBytes(text), 0, (int)remaining);
        remaining = 0;
        return cut.Length > 0 ? cut : null;
    }
}
