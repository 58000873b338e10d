using Ivyo.LocalCluster.NodeAgent.Logs;

namespace Ivyo.LocalCluster.NodeAgent.Tests;

/// <summary>The kubelet's view of a CRI log file: what <c>kubectl logs</c> and its flags show.</summary>
public sealed class ContainerLogReaderTests : IDisposable
{
    private static readonly DateTimeOffset s_start = new(2026, 1, 2, 3, 4, 5, TimeSpan.Zero);
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"ivyo-cri-{Guid.NewGuid():N}.log");

    public ContainerLogReaderTests() => File.WriteAllText(_path, string.Concat(
        CriLogFormat.Line(s_start, "stdout", false, "one"),
        CriLogFormat.Line(s_start.AddSeconds(1), "stderr", true, "two-"),
        CriLogFormat.Line(s_start.AddSeconds(1), "stderr", false, "joined"),
        CriLogFormat.Line(s_start.AddSeconds(2).AddTicks(1_234_500), "stdout", false, "three")));

    public void Dispose() => File.Delete(_path);

    private async Task<string> ReadAsync(ContainerLogOptions options)
    {
        var text = "";
        await foreach (var piece in ContainerLogReader.ReadAsync(_path, options, () => false, CancellationToken.None))
        {
            text += piece;
        }

        return text;
    }

    [Fact]
    public async Task Partial_chunks_are_joined_into_one_line() =>
        Assert.Equal("one\ntwo-joined\nthree\n", await ReadAsync(new ContainerLogOptions()));

    [Fact]
    public async Task Tail_counts_whole_lines_from_the_end() =>
        Assert.Equal("two-joined\nthree\n", await ReadAsync(new ContainerLogOptions { TailLines = 2 }));

    [Fact]
    public async Task Timestamps_are_rfc3339_with_nanoseconds_trimmed() =>
        Assert.Equal("2026-01-02T03:04:07.12345Z three\n", (await ReadAsync(new ContainerLogOptions { Timestamps = true })).Split('\n')[2] + "\n");

    [Fact]
    public async Task Since_drops_older_lines() =>
        Assert.Equal("two-joined\nthree\n", await ReadAsync(new ContainerLogOptions { Since = s_start.AddSeconds(1) }));

    [Fact]
    public async Task Limit_bytes_cuts_the_output() =>
        Assert.Equal("one\ntwo", await ReadAsync(new ContainerLogOptions { LimitBytes = 7 }));

    [Fact]
    public void The_file_format_has_nine_fraction_digits() =>
        Assert.Equal("2026-01-02T03:04:05.000000000Z stdout F x\n", CriLogFormat.Line(s_start, "stdout", false, "x"));
}
