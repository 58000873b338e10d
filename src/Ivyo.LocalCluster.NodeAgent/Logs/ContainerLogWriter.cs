using System.Text;

namespace Ivyo.LocalCluster.NodeAgent.Logs;

/// <summary>Copies a container's stdout and stderr into its CRI log file, line by line, as they come.</summary>
public sealed class ContainerLogWriter(string path, TimeProvider time) : IDisposable
{
    private readonly FileStream _file = new(path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete);
    private readonly Lock _lock = new();

    public string Path { get; } = path;

    /// <summary>
    /// Reads <paramref name="output"/> to its end, writing each line as it arrives, except those
    /// <paramref name="intercept"/> claims (a launcher's own message, not the container's output).
    /// </summary>
    public async Task CopyAsync(TextReader output, string stream, Func<string, bool>? intercept = null)
    {
        while (await output.ReadLineAsync() is { } line)
        {
            if (intercept?.Invoke(line) != true)
            {
                Write(stream, line);
            }
        }
    }

    public void Write(string stream, string line)
    {
        var now = time.GetUtcNow();
        var builder = new StringBuilder();
        for (var start = 0; ; start += CriLogFormat.MaxChunk)
        {
            var partial = line.Length - start > CriLogFormat.MaxChunk;
            builder.Append(CriLogFormat.Line(now, stream, partial, partial ? line.Substring(start, CriLogFormat.MaxChunk) : line[start..]));
            if (!partial)
            {
                break;
            }
        }

        var bytes = Encoding.UTF8.GetBytes(builder.ToString());
        lock (_lock)
        {
            _file.Write(bytes);
            _file.Flush();
        }
    }

    public void Dispose() => _file.Dispose();
}
