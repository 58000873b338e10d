using System.Diagnostics;
using System.Globalization;

namespace Ivyo.Cli.Tests;

/// <summary>
/// <c>ivyo local apiserver --etcd-data</c> as a real process: its etcd must not outlive it, even when it is killed
/// with <c>kill -9</c> and runs no cleanup at all.
/// </summary>
public sealed class LocalApiServerProcessTests
{
    [Fact]
    public async Task Etcd_dies_with_an_api_server_killed_by_sigkill()
    {
        var work = Directory.CreateTempSubdirectory("ivyo-cli-kill-");
        var data = Path.Combine(work.FullName, "etcd");
        var kubeconfig = Path.Combine(work.FullName, "admin.kubeconfig");
        var cli = Path.Combine(AppContext.BaseDirectory, "ivyo.dll");
        var startInfo = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in (string[])[cli, "local", "apiserver", "--port", "0", "--kubeconfig", kubeconfig, "--etcd-data", data])
        {
            startInfo.ArgumentList.Add(argument);
        }

        using var server = Process.Start(startInfo)!;
        server.OutputDataReceived += (_, _) => { };
        server.ErrorDataReceived += (_, _) => { };
        server.BeginOutputReadLine();
        server.BeginErrorReadLine();
        try
        {
            var etcd = await WaitForAsync(() => EtcdServing(data), TimeSpan.FromSeconds(60));
            Assert.True(etcd is not null, "etcd never started under ivyo local apiserver");

            server.Kill(entireProcessTree: false);
            await server.WaitForExitAsync();

            var gone = await WaitForAsync(() => IsRunning(etcd.Value) ? null : (int?)etcd.Value, TimeSpan.FromSeconds(10));
            Assert.True(gone is not null, $"etcd ({etcd}) still runs 10 s after its API server was killed with SIGKILL");
        }
        finally
        {
            if (!server.HasExited)
            {
                server.Kill(entireProcessTree: true);
            }

            if (EtcdServing(data) is { } orphan)
            {
                using var process = Process.GetProcessById(orphan);
                process.Kill();
            }

            work.Delete(recursive: true);
        }
    }

    private static async Task<int?> WaitForAsync(Func<int?> probe, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (probe() is { } value)
            {
                return value;
            }

            await Task.Delay(100);
        }

        return null;
    }

    /// <summary>The pid of the etcd process serving <paramref name="dataDirectory"/>, read from /proc.</summary>
    private static int? EtcdServing(string dataDirectory)
    {
        foreach (var entry in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(entry), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
            {
                continue;
            }

            try
            {
                var arguments = File.ReadAllText(Path.Combine(entry, "cmdline")).Split('\0');
                if (arguments.Length > 0 && Path.GetFileName(arguments[0]) == "etcd" && arguments.Contains(dataDirectory))
                {
                    return pid;
                }
            }
            catch (IOException)
            {
                // The process ended while we looked.
            }
            catch (UnauthorizedAccessException)
            {
            }
        }

        return null;
    }

    private static bool IsRunning(int processId)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{processId.ToString(CultureInfo.InvariantCulture)}/stat");
            // A zombie (state Z) has exited; it only waits for its parent to reap it.
            return stat[(stat.LastIndexOf(')') + 2)..][0] != 'Z';
        }
        catch (IOException)
        {
            return false;
        }
    }
}
