using System.Diagnostics;
using Ivyo.LocalCluster.Hosting;
using k8s;

namespace Ivyo.LocalCluster.Hosting.Tests;

/// <summary>
/// Real Patroni 3.0.2 with PostgreSQL 15 on the local cluster, its Kubernetes DCS talking to our API server from
/// inside pods: the cluster bootstraps, labels its pods master and replica, the replica streams, and a switchover
/// (through Patroni's REST API between pods) moves the leader and turns the old one into a replica. Faults: killing the
/// leader's container, or stopping its node, makes the replica take over (role label, and the leader key's Endpoints
/// with the new leader's pod IP). The fixture's short Patroni timers (ttl 8 s) keep a failover within seconds.
/// </summary>
public sealed class PatroniTests : IAsyncLifetime
{
    private readonly string _data = Directory.CreateTempSubdirectory("ivyo-patroni-").FullName;
    private readonly string _network = "ivyo-q" + Guid.NewGuid().ToString("N")[..8];
    private LocalCluster _cluster = null!;

    public async Task InitializeAsync()
    {
        foreach (var tool in (string[])["/usr/bin/patroni", "/usr/lib/postgresql/15/bin/postgres"])
        {
            if (!File.Exists(tool))
            {
                throw new InvalidOperationException($"{tool} is missing: scripts/install-prerequisites.sh installs patroni and postgresql-15 (./test.sh runs it).");
            }
        }

        _cluster = await LocalCluster.StartAsync(new LocalClusterOptions { DataDirectory = _data, Port = 0, NetworkName = _network, Nodes = 3 });
    }

    public async Task DisposeAsync()
    {
        await _cluster.DisposeAsync();
        Directory.Delete(_data, recursive: true);
    }

    private Task<(int ExitCode, string Output, string Error)> KubectlAsync(params string[] args) => Kubectl.RunAsync(_cluster.KubeconfigPath, args);

    [Fact]
    public async Task Patroni_elects_a_leader_replicates_and_switches_over()
    {
        var (leader, replica) = await StartPatroniAsync();

        // patronictl exits 0 whatever happened; its message says. A leader that has not yet seen its replica as a
        // healthy candidate refuses; the request is repeated until Patroni accepts it (30 s at most).
        var deadline = DateTime.UtcNow.AddSeconds(30);
        (int ExitCode, string Output, string Error) switched;
        while (!(switched = await KubectlAsync("-n", "pg", "exec", leader, "--", "patronictl", "-c", "/config/patroni.yml",
            "switchover", "demo", "--leader", leader, "--candidate", replica, "--force")).Output.Contains("Successfully switched over", StringComparison.Ordinal))
        {
            Assert.True(DateTime.UtcNow < deadline, "patronictl switchover never succeeded: " + switched.Output + switched.Error);
            await Task.Delay(1000);
        }

        await RolesAsync(r => r.Any(p => p.Pod == replica && p.Role == "master") && r.Any(p => p.Pod == leader && p.Role == "replica"));
    }

    [Fact]
    public async Task Killing_the_leaders_container_makes_the_replica_take_over()
    {
        var (leader, replica) = await StartPatroniAsync();

        await _cluster.Faults.KillContainerAsync("pg", leader, "patroni");

        await RolesAsync(r => r.Any(p => p.Pod == replica && p.Role == "master"));
        await AssertLeaderEndpointsAsync(replica);
        // The killed container is restarted by the kubelet and its Patroni rejoins as a replica: the label moved.
        await RolesAsync(r => r.Any(p => p.Pod == replica && p.Role == "master") && r.Any(p => p.Pod == leader && p.Role == "replica"));
    }

    [Fact]
    public async Task Stopping_the_leaders_node_makes_the_replica_take_over()
    {
        var (leader, replica) = await StartPatroniAsync();
        var node = (await _cluster.Client.CoreV1.ReadNamespacedPodAsync(leader, "pg")).Spec.NodeName;

        await _cluster.Faults.StopNodeAsync(node);

        await RolesAsync(r => r.Any(p => p.Pod == replica && p.Role == "master"));
        await AssertLeaderEndpointsAsync(replica);
    }

    /// <summary>Applies the fixture and waits for a leader and a replica that runs on its timeline.</summary>
    private async Task<(string Leader, string Replica)> StartPatroniAsync()
    {
        var manifest = (await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "Manifests", "patroni.yaml")))
            .Replace("POSTGRES_UID", Id("-u"), StringComparison.Ordinal)
            .Replace("POSTGRES_GID", Id("-g"), StringComparison.Ordinal);
        var applied = await Kubectl.RunAsync(_cluster.KubeconfigPath, ["apply", "-f", "-"], manifest);
        Assert.True(applied.ExitCode == 0, applied.Error);

        var roles = await RolesAsync(r => r.Count(p => p.Role == "master") == 1 && r.Count(p => p.Role == "replica") == 1);
        var leader = roles.Single(p => p.Role == "master").Pod;
        var replica = roles.Single(p => p.Role == "replica").Pod;
        await AssertLeaderEndpointsAsync(leader);
        // The replica runs (Patroni 3.0.2 says "running"; later versions "streaming") on the leader's timeline.
        var deadline = DateTime.UtcNow.AddMinutes(2);
        string state;
        while ((state = await MemberStateAsync(leader, replica)) is not ("running" or "streaming"))
        {
            Assert.True(DateTime.UtcNow < deadline, $"the replica {replica} is {state}");
            await Task.Delay(500);
        }

        return (leader, replica);
    }

    /// <summary>
    /// The <c>demo</c> Endpoints (Patroni's leader key with <c>use_endpoints</c>) name <paramref name="leader"/> and
    /// hold its pod IP, within 30 s.
    /// </summary>
    private async Task AssertLeaderEndpointsAsync(string leader)
    {
        var ip = (await _cluster.Client.CoreV1.ReadNamespacedPodAsync(leader, "pg")).Status.PodIP;
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var endpoints = await _cluster.Client.CoreV1.ReadNamespacedEndpointsAsync("demo", "pg");
            var holder = endpoints.Metadata.Annotations?.TryGetValue("leader", out var name) == true ? name : null;
            var addresses = endpoints.Subsets?.SelectMany(s => s.Addresses ?? []).Select(a => a.Ip).ToList() ?? [];
            if (holder == leader && addresses.SequenceEqual([ip]))
            {
                return;
            }

            Assert.True(DateTime.UtcNow < deadline, $"the demo Endpoints name {holder} with [{string.Join(", ", addresses)}], not {leader} with {ip}");
            await Task.Delay(200);
        }
    }

    /// <summary>A member's state as <c>patronictl list</c> on <paramref name="pod"/> reports it.</summary>
    private async Task<string> MemberStateAsync(string pod, string member)
    {
        var listed = await KubectlAsync("-n", "pg", "exec", pod, "--", "patronictl", "-c", "/config/patroni.yml", "list", "-f", "json");
        if (listed.ExitCode != 0)
        {
            return listed.Error;
        }

        var members = System.Text.Json.Nodes.JsonNode.Parse(listed.Output)!.AsArray();
        return (string?)members.FirstOrDefault(m => (string?)m?["Member"] == member)?["State"] ?? "absent";
    }

    /// <summary>Polls the pods' <c>role</c> labels, which Patroni sets, until <paramref name="done"/> (3 minutes at most).</summary>
    private async Task<List<(string Pod, string Role)>> RolesAsync(Func<List<(string Pod, string Role)>, bool> done)
    {
        var deadline = DateTime.UtcNow.AddMinutes(3);
        var last = "";
        while (DateTime.UtcNow < deadline)
        {
            var listed = await KubectlAsync("-n", "pg", "get", "pods", "-l", "application=patroni",
                "-o", "jsonpath={range .items[*]}{.metadata.name}={.metadata.labels.role}{\"\\n\"}{end}");
            last = listed.Output + listed.Error;
            var roles = listed.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries)
                .Select(line => line.Split('=')).Select(parts => (parts[0], parts[1])).ToList();
            if (done(roles))
            {
                return roles;
            }

            await Task.Delay(200);
        }

        var logs = await KubectlAsync("-n", "pg", "logs", "-l", "application=patroni", "--tail=20");
        throw new Xunit.Sdk.XunitException($"Patroni never got there; last roles:\n{last}\nlogs:\n{logs.Output}");
    }

    private static string Id(string option)
    {
        using var id = Process.Start(new ProcessStartInfo("id", [option, "postgres"]) { RedirectStandardOutput = true })!;
        var text = id.StandardOutput.ReadToEnd().Trim();
        id.WaitForExit();
        return text;
    }
}
