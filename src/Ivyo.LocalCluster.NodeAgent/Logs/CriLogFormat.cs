using System.Globalization;

namespace Ivyo.LocalCluster.NodeAgent.Logs;

/// <summary>
/// The CRI container log format the kubelet reads: one line per chunk,
/// <c>&lt;RFC3339 time, 9 fraction digits&gt; &lt;stdout|stderr&gt; &lt;F|P&gt; &lt;text&gt;</c>, where P marks a
/// chunk of a longer line that the next chunk continues.
/// </summary>
public static class CriLogFormat
{
    /// <summary>Lines longer than this are split into P chunks, as container runtimes do.</summary>
    public const int MaxChunk = 16 * 1024;

    public static string Line(DateTimeOffset time, string stream, bool partial, string text) =>
        $"{FileTimestamp(time)} {stream} {(partial ? 'P' : 'F')} {text}\n";

    /// <summary>The file's timestamp: always nine fraction digits, as CRI runtimes write it.</summary>
    public static string FileTimestamp(DateTimeOffset time)
    {
        var utc = time.UtcDateTime;
        var nanos = (utc.Ticks % TimeSpan.TicksPerSecond) * 100;
        return utc.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture) + "." + nanos.ToString("D9", CultureInfo.InvariantCulture) + "Z";
    }

    /// <summary>The timestamp <c>kubectl logs --timestamps</c> shows: Go's RFC3339Nano, trailing zeros dropped.</summary>
    public static string DisplayTimestamp(DateTimeOffset time)
    {
        var file = FileTimestamp(time);
        var fraction = file[20..^1].TrimEnd('0');
        return file[..19] + (fraction.Length > 0 ? "." + fraction : "") + "Z";
    }

    /// <summary>Parses one line; null for a line that is not in the format.</summary>
    public static CriLogEntry? Parse(string line)
    {
        var parts = line.Split(' ', 4);
        if (parts.Length < 3 || !DateTimeOffset.TryParse(parts[0], CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time))
        {
            return null;
        }

        return new CriLogEntry(time, parts[1], parts[2] == "P", parts.Length == 4 ? parts[3] : "");
    }
}

/// <summary>One chunk of a container's output.</summary>
public sealed record CriLogEntry(DateTimeOffset Time, string Stream, bool Partial, string Text);
