using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Grpc.Core;
using Xunit.Abstractions;

namespace Ivyo.LocalCluster.Storage.Tests;

public sealed class EtcdDurabilityTests(ITestOutputHelper output)
{
    private const int Writes = 1_000;
    private const int KillAfter = 300;

    [Fact]
    public async Task Every_acknowledged_write_survives_kill_9_and_later_writes_get_higher_revisions()
    {
        await using var server = await EtcdTestServer.StartAsync();
        var store = server.Store;
        var acknowledged = new ConcurrentDictionary<string, long>();
        var failed = 0;
        var halfway = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var clock = Stopwatch.StartNew();

        var writer = Task.Run(async () =>
        {
            for (var i = 0; i < Writes; i++)
            {
                var key = $"/registry/configmaps/default/cm-{i:D4}";
                try
                {
                    var created = await store.CreateAsync(key, Objects.ConfigMap($"cm-{i:D4}", i.ToString(CultureInfo.InvariantCulture)));
                    acknowledged[key] = created.ModRevision;
                    if (acknowledged.Count == KillAfter)
                    {
                        halfway.SetResult();
                    }
                }
                catch (RpcException)
                {
                    // etcd is down (or the answer was lost): not acknowledged, so nothing is promised about it.
                    Interlocked.Increment(ref failed);
                    await Task.Delay(10);
                }
            }
        });

        await halfway.Task.WaitAsync(TimeSpan.FromSeconds(60));
        var killedAt = clock.Elapsed;
        using (var etcd = Process.GetProcessById(server.Process.ProcessId))
        {
            etcd.Kill(); // SIGKILL: no shutdown, no flush.
            await etcd.WaitForExitAsync();
        }

        var acknowledgedAtKill = acknowledged.Count;
        var restartClock = Stopwatch.StartNew();
        await server.Process.RestartAsync();
        var restartTook = restartClock.Elapsed;
        await writer.WaitAsync(TimeSpan.FromSeconds(120));
        var writerDoneAt = clock.Elapsed;

        var stored = (await store.ListAsync("/registry/configmaps/default/")).Items.ToDictionary(item => item.Key);
        var lost = acknowledged.Where(pair => !stored.TryGetValue(pair.Key, out var item) || item.ModRevision != pair.Value).ToList();
        Assert.True(lost.Count == 0, $"{lost.Count} acknowledged writes are missing or changed after kill -9, e.g. {string.Join(", ", lost.Take(5))}");
        Assert.All(stored.Values, item => Assert.Equal(item.Key[^4..], item.Data().PadLeft(4, '0')));

        var highest = Math.Max(acknowledged.Values.Max(), stored.Values.Max(item => item.ModRevision));
        var after = await store.CreateAsync("/registry/configmaps/default/after", Objects.ConfigMap("after"));
        Assert.True(after.ModRevision > highest, $"The write after the restart got revision {after.ModRevision}, not above {highest}.");
        Assert.True(acknowledged.Count > acknowledgedAtKill, "No write was acknowledged after the restart.");

        output.WriteLine(
            $"killed after {killedAt.TotalMilliseconds:F0} ms with {acknowledgedAtKill} acknowledged; restart took {restartTook.TotalMilliseconds:F0} ms; " +
            $"writer done after {writerDoneAt.TotalMilliseconds:F0} ms: {acknowledged.Count} acknowledged, {failed} failed, {stored.Count} stored; " +
            $"next revision {after.ModRevision} > {highest}");
    }
}
