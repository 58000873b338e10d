using System.Diagnostics;

namespace Ivyo.LocalCluster.Storage.Tests;

public sealed class EtcdProcessTests
{
    [Fact]
    public async Task Disposing_kills_etcd()
    {
        int processId;
        await using (var server = await EtcdTestServer.StartAsync())
        {
            processId = server.Process.ProcessId;
            Assert.StartsWith("http://127.0.0.1:", server.Process.ClientUrl.ToString(), StringComparison.Ordinal);
            Assert.False(Process.GetProcessById(processId).HasExited);
        }

        Assert.False(IsRunning(processId), $"etcd ({processId}) still runs after dispose.");
    }

    [Fact]
    public async Task A_missing_etcd_fails_with_how_to_install_it()
    {
        var directory = Directory.CreateTempSubdirectory("ivyo-etcd-test-");
        try
        {
            var missing = await Assert.ThrowsAsync<FileNotFoundException>(
                () => EtcdProcess.StartAsync(Path.Combine(directory.FullName, "data"), executable: "/nonexistent/etcd"));

            Assert.Contains("scripts/install-prerequisites.sh", missing.Message, StringComparison.Ordinal);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    private static bool IsRunning(int processId)
    {
        try
        {
            using var process = Process.GetProcessById(processId);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
