using System.Globalization;

namespace Ivyo.LocalCluster.Hosting.Tests.Ivyo;

/// <summary>
/// A client that writes to hippo the way an application does while IVYO changes the cluster: from a pod of its own
/// (<c>hippo-writer</c>, so it outlives any instance pod; <see cref="StopQuietlyAsync"/> deletes it), a loop inserts one row every 200 ms through
/// <c>hippo-primary</c> with the user Secret's <c>uri</c> (a new connection each time, through DNS and the Service,
/// with a 2 s connect timeout) and prints what happened to each row with the time. <see cref="StopAsync"/> ends the
/// loop and reads the table back through the same <c>uri</c>.
/// </summary>
internal sealed class HippoWriter
{
    private const string Namespace = HippoOnLocalCluster.Namespace;
    private const string Pod = "hippo-writer";
    private const string StopFile = "/tmp/hippo-writer-stop";

    /// <summary>The loop: <c>ok N MS</c> or <c>failed N MS error</c> per row (MS: Unix milliseconds), until the stop file appears.</summary>
    private const string Loop = """
        n=0
        while [ ! -e /tmp/hippo-writer-stop ]; do
          n=$((n+1))
          if error=$(psql -X -q -v ON_ERROR_STOP=1 "$1" -c "INSERT INTO $2 VALUES ($n)" 2>&1 >/dev/null); then
            echo "ok $n $(date +%s%3N)"
          else
            echo "failed $n $(date +%s%3N) $(printf %s "$error" | tr '\n' ' ' | head -c 200)"
          fi
          sleep 0.2
        done
        """;

    private readonly HippoOnLocalCluster _hippo;
    private readonly string _uri;
    private readonly string _table;
    private readonly Task<(int ExitCode, string Output, string Error)> _loop;

    private HippoWriter(HippoOnLocalCluster hippo, string uri, string table)
    {
        _hippo = hippo;
        _uri = uri;
        _table = table;
        _loop = Kubectl.RunAsync(hippo.Cluster.KubeconfigPath, ["exec", "-n", Namespace, Pod, "--", "bash", "-c", Loop, "writer", uri, table],
            timeout: TimeSpan.FromMinutes(15));
    }

    /// <summary>Starts the writer pod (once per hippo), creates <paramref name="table"/> afresh and starts writing to it.</summary>
    public static async Task<HippoWriter> StartAsync(HippoOnLocalCluster hippo, string table)
    {
        var pod = await hippo.KubectlAsync("get", "pod", Pod, "-n", Namespace, "-o", "name");
        if (pod.ExitCode != 0)
        {
            var run = await hippo.KubectlAsync("run", Pod, "-n", Namespace, "--image=debian:12", "--restart=Never", "--env=PGCONNECT_TIMEOUT=2",
                "--command", "--", "bash", "-c", "trap 'exit 0' TERM; sleep infinity & wait");
            Assert.True(run.ExitCode == 0, run.Error);
        }

        var ready = await hippo.KubectlAsync("wait", "-n", Namespace, "--for=condition=Ready", "pod/" + Pod, "--timeout=60s");
        Assert.True(ready.ExitCode == 0, ready.Output + ready.Error);
        var uri = await hippo.UserUriAsync();
        var reset = await ExecAsync(hippo, "rm", "-f", StopFile);
        Assert.True(reset.ExitCode == 0, reset.Error);
        var created = await ExecAsync(hippo, "psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", uri, "-c", $"DROP TABLE IF EXISTS {table}; CREATE TABLE {table} (n int PRIMARY KEY)");
        Assert.True(created.ExitCode == 0, created.Error);
        return new HippoWriter(hippo, uri, table);
    }

    /// <summary>Ends the loop; what it wrote, and which acknowledged rows are missing from the table.</summary>
    public async Task<HippoWrites> StopAsync()
    {
        var stopped = await ExecAsync(_hippo, "touch", StopFile);
        Assert.True(stopped.ExitCode == 0, stopped.Error);
        var loop = await _loop;
        Assert.True(loop.ExitCode == 0, $"the writer loop ended with {loop.ExitCode}: {loop.Error}");
        var rows = loop.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(HippoWrite.Parse).ToList();

        var read = await ExecAsync(_hippo, "psql", "-X", "-A", "-t", _uri, "-c", $"SELECT n FROM {_table}");
        Assert.True(read.ExitCode == 0, read.Error);
        var stored = read.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => int.Parse(line, CultureInfo.InvariantCulture)).ToHashSet();
        return new HippoWrites(rows, [.. rows.Where(row => row.Acknowledged && !stored.Contains(row.N)).Select(row => row.N)]);
    }

    /// <summary>Stops the loop if it still runs (a failed test), then deletes the writer pod (it ends on SIGTERM at once).</summary>
    public async Task StopQuietlyAsync()
    {
        await ExecAsync(_hippo, "touch", StopFile);
        await _loop;
        await _hippo.KubectlAsync("delete", "pod", Pod, "-n", Namespace, "--ignore-not-found", "--timeout=60s");
    }

    private static Task<(int ExitCode, string Output, string Error)> ExecAsync(HippoOnLocalCluster hippo, params string[] command) =>
        hippo.KubectlAsync(["exec", "-n", Namespace, Pod, "--", .. command]);
}

/// <summary>One row the writer tried: acknowledged or not, when (Unix milliseconds), and the error.</summary>
internal sealed record HippoWrite(int N, bool Acknowledged, long At, string? Error)
{
    public static HippoWrite Parse(string line)
    {
        var parts = line.Split(' ', 4);
        var acknowledged = parts[0] == "ok";
        return new HippoWrite(int.Parse(parts[1], CultureInfo.InvariantCulture), acknowledged, long.Parse(parts[2], CultureInfo.InvariantCulture),
            acknowledged ? null : parts.ElementAtOrDefault(3) ?? "");
    }
}

/// <summary>What a <see cref="HippoWriter"/> saw: every row in order, and the acknowledged rows the table lacks.</summary>
internal sealed record HippoWrites(IReadOnlyList<HippoWrite> Rows, IReadOnlyList<int> LostAcknowledged)
{
    public int Acknowledged => Rows.Count(row => row.Acknowledged);

    /// <summary>
    /// The runs of consecutive failed rows, each as the time from the last acknowledged row before it to the first
    /// after it (the client's write unavailability), with its rows' errors.
    /// </summary>
    public IReadOnlyList<(TimeSpan Unavailable, IReadOnlyList<HippoWrite> Failed)> Gaps()
    {
        var gaps = new List<(TimeSpan, IReadOnlyList<HippoWrite>)>();
        for (var i = 0; i < Rows.Count; i++)
        {
            if (Rows[i].Acknowledged)
            {
                continue;
            }

            var end = i;
            while (end < Rows.Count && !Rows[end].Acknowledged)
            {
                end++;
            }

            var from = i > 0 ? Rows[i - 1].At : Rows[i].At;
            var to = end < Rows.Count ? Rows[end].At : Rows[end - 1].At;
            gaps.Add((TimeSpan.FromMilliseconds(to - from), Rows.Skip(i).Take(end - i).ToList()));
            i = end;
        }

        return gaps;
    }

    public string Describe() =>
        $"{Acknowledged} rows acknowledged, {Rows.Count - Acknowledged} failed in {Gaps().Count} gap(s): "
        + string.Join("; ", Gaps().Select(gap => $"{gap.Unavailable.TotalSeconds:F1} s ({gap.Failed.Count} rows, first: {gap.Failed[0].Error})"));
}
