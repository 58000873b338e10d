using System.Diagnostics;
using Ivyo.LocalCluster.NodeAgent.Runtime;

namespace Ivyo.LocalCluster.NodeAgent.Tests;

/// <summary>
/// A container's root is the host's root under a copy-on-write layer of its own: what it writes stays in the pod's
/// directory, volumes appear at their mount paths, and it runs as its securityContext's user.
/// </summary>
public sealed class ContainerFilesystemTests : IAsyncLifetime
{
    private readonly NamespaceTools _tools = new();
    private readonly string _pod = Directory.CreateTempSubdirectory("ivyo-rootfs-").FullName;
    private PodSandbox _sandbox = null!;

    public async Task InitializeAsync()
    {
        Namespaces.Require();
        _sandbox = await PodSandbox.StartAsync(_tools, "fs-0", CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        await _sandbox.DisposeAsync();
        Directory.Delete(_pod, recursive: true);
    }

    private string Dir(string name) => Directory.CreateDirectory(Path.Combine(_pod, name)).FullName;

    private async Task<(int ExitCode, string[] Output, ContainerFilesystem Filesystem)> RunAsync(
        string script, IReadOnlyList<ContainerMount> mounts, ContainerUser? user = null, bool readOnlyRoot = false, string? workingDirectory = null)
    {
        var filesystem = ContainerFilesystem.Under(Dir("c-" + Guid.NewGuid().ToString("N")[..6]), mounts, readOnlyRoot);
        await using var container = await ContainerProcess.StartAsync(_tools, _sandbox,
            new ContainerCommand(["/bin/sh", "-c", script], new Dictionary<string, string>(), workingDirectory, user),
            Path.Combine(_pod, Guid.NewGuid().ToString("N") + ".log"), shareProcessNamespace: false, TimeProvider.System, CancellationToken.None, filesystem);
        var exitCode = await container.WaitForExitAsync(CancellationToken.None);
        var output = (await File.ReadAllLinesAsync(container.LogPath)).Select(l => l.Split(' ', 4)[3]).ToArray();
        return (exitCode, output, filesystem);
    }

    [Fact]
    public async Task Writes_outside_volumes_land_in_the_containers_own_layer_not_on_the_host()
    {
        var marker = "ivyo-" + Guid.NewGuid().ToString("N");

        var (exitCode, output, filesystem) = await RunAsync($"echo kept > /tmp/{marker} && echo x > /etc/{marker} && cat /tmp/{marker}", []);

        Assert.True(exitCode == 0, string.Join('\n', output));
        Assert.Equal(["kept"], output);
        Assert.False(File.Exists($"/tmp/{marker}"));
        Assert.False(File.Exists($"/etc/{marker}"));
        Assert.True(File.Exists(Path.Combine(filesystem.Upper, "tmp", marker)));
    }

    [Fact]
    public async Task Volumes_are_mounted_at_their_paths_read_write_or_read_only()
    {
        var data = Dir("data");
        var config = Dir("config");
        await File.WriteAllTextAsync(Path.Combine(config, "setting"), "on\n");
        var hosts = Path.Combine(_pod, "hosts");
        await File.WriteAllTextAsync(hosts, "10.244.1.5 fs-0\n");

        var (exitCode, output, _) = await RunAsync(
            "echo written > /pgdata/file; cat /etc/config/setting; cat /etc/hosts; (echo no > /etc/config/other) 2>/dev/null || echo read-only",
            [new ContainerMount(data, "/pgdata"), new ContainerMount(config, "/etc/config", ReadOnly: true), new ContainerMount(hosts, "/etc/hosts", ReadOnly: true)]);

        Assert.True(exitCode == 0, string.Join('\n', output));
        Assert.Equal(["on", "10.244.1.5 fs-0", "read-only"], output);
        Assert.Equal("written\n", await File.ReadAllTextAsync(Path.Combine(data, "file")));
        Assert.False(File.Exists(Path.Combine(config, "other")));
    }

    [Fact]
    public async Task A_mount_path_through_a_symlink_stays_inside_the_container()
    {
        // On Debian /var/run is a symlink to /run: the mount must land on the container's /run, never the host's.
        var marker = "ivyo-" + Guid.NewGuid().ToString("N");
        var secrets = Dir("secrets");
        await File.WriteAllTextAsync(Path.Combine(secrets, "token"), "t0ken\n");

        var (exitCode, output, _) = await RunAsync($"cat /var/run/{marker}/token; cat /run/{marker}/token", [new ContainerMount(secrets, $"/var/run/{marker}")]);

        Assert.True(exitCode == 0, string.Join('\n', output));
        Assert.Equal(["t0ken", "t0ken"], output);
        Assert.False(Path.Exists($"/run/{marker}"), "the mount point was created on the host");
    }

    [Fact]
    public void Paths_resolve_through_symlinks_inside_the_root()
    {
        var root = Dir("root");
        Directory.CreateDirectory(Path.Combine(root, "run"));
        Directory.CreateDirectory(Path.Combine(root, "var"));
        File.CreateSymbolicLink(Path.Combine(root, "var", "run"), "/run");
        File.CreateSymbolicLink(Path.Combine(root, "var", "lock"), "../run/lock");

        Assert.Equal("/run/secrets/x", RootPath.Resolve(root, "/var/run/secrets/x"));
        Assert.Equal("/run/lock/pg", RootPath.Resolve(root, "/var/lock/pg"));
        Assert.Equal("/etc/a", RootPath.Resolve(root, "/../../etc/./a"));
    }

    [Fact]
    public async Task The_container_runs_as_its_user_in_its_working_directory_and_sees_only_its_processes()
    {
        var data = Dir("owned");
        File.SetUnixFileMode(data, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute | UnixFileMode.OtherRead);

        var (exitCode, output, _) = await RunAsync("id -u; id -G; pwd; touch /pgdata/mine; ls /proc | grep -c '^[0-9]'",
            [new ContainerMount(data, "/pgdata")], new ContainerUser(26, 26, [1000]), workingDirectory: "/pgdata");

        Assert.True(exitCode == 0, string.Join('\n', output));
        Assert.Equal("26", output[0]);
        Assert.Equal("26 1000", output[1]);
        Assert.Equal("/pgdata", output[2]);
        Assert.InRange(int.Parse(output[3], System.Globalization.CultureInfo.InvariantCulture), 1, 4);
        Assert.Equal(26, GetOwner(Path.Combine(data, "mine")));
    }

    [Fact]
    public async Task A_read_only_root_refuses_writes_but_volumes_take_them()
    {
        var data = Dir("rw");

        var (exitCode, output, _) = await RunAsync("touch /etc/nope 2>/dev/null && echo wrote-root || echo root-read-only; touch /pgdata/ok && echo volume-ok",
            [new ContainerMount(data, "/pgdata")], readOnlyRoot: true);

        Assert.True(exitCode == 0, string.Join('\n', output));
        Assert.Equal(["root-read-only", "volume-ok"], output);
    }

    [Fact]
    public async Task Exec_enters_the_containers_root_as_its_user()
    {
        var filesystem = ContainerFilesystem.Under(Dir("exec"), []);
        await using var container = await ContainerProcess.StartAsync(_tools, _sandbox,
            new ContainerCommand(["/bin/sh", "-c", "echo inside > /tmp/only-here; echo ready; exec sleep 1000"], new Dictionary<string, string>(), "/tmp", new ContainerUser(26, 26, [1000])),
            Path.Combine(_pod, "exec.log"), shareProcessNamespace: false, TimeProvider.System, CancellationToken.None, filesystem);
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (!(await File.ReadAllTextAsync(container.LogPath)).Contains("ready", StringComparison.Ordinal))
        {
            Assert.True(DateTime.UtcNow < deadline, await File.ReadAllTextAsync(container.LogPath));
            await Task.Delay(20);
        }

        var startInfo = container.ExecStartInfo(["/bin/sh", "-c", "cat only-here; id -u; id -G"]);
        startInfo.RedirectStandardOutput = true;
        startInfo.RedirectStandardError = true;
        using var exec = Process.Start(startInfo)!;
        var output = await exec.StandardOutput.ReadToEndAsync();
        var error = await exec.StandardError.ReadToEndAsync();
        await exec.WaitForExitAsync();

        Assert.True(exec.ExitCode == 0, error);
        // The exec'd process has the container's user and its supplementary groups (the fsGroup among them).
        Assert.Equal("inside\n26\n26 1000\n", output);
    }

    private static long GetOwner(string path)
    {
        using var stat = Process.Start(new ProcessStartInfo("stat", ["-c", "%u", path]) { RedirectStandardOutput = true })!;
        var text = stat.StandardOutput.ReadToEnd();
        stat.WaitForExit();
        return long.Parse(text.Trim(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
