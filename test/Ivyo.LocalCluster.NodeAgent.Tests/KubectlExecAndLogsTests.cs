using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using k8s;
using k8s.Models;

namespace Ivyo.LocalCluster.NodeAgent.Tests;

/// <summary>
/// Real kubectl 1.32 runs <c>exec</c> (WebSocket v5.channel.k8s.io) and <c>logs</c> through the API server, which
/// checks the request and RBAC and relays to the node's kubelet API, which reaches the container's processes.
/// </summary>
public sealed partial class KubectlExecAndLogsTests(KubeletFixture cluster) : IClassFixture<KubeletFixture>
{
    private const string Chatty = "echo first; echo second; echo to-stderr >&2; echo third; exec sleep 1000";

    [Fact]
    public async Task Logs_show_the_containers_output_with_tail_and_timestamps()
    {
        var ns = await cluster.NamespaceAsync();
        await cluster.RunPodAsync(ns, "web", ("main", Chatty));
        await EventuallyAsync(() => cluster.KubectlAsync("-n", ns, "logs", "web"), r => r.Output.Split('\n').Length == 5);

        // stdout and stderr are read from two pipes: their relative order is not defined, within each it is.
        var all = await cluster.KubectlAsync("-n", ns, "logs", "web");
        Assert.Equal(0, all.ExitCode);
        var lines = all.Output.TrimEnd('\n').Split('\n');
        Assert.Equal(["first", "second", "third"], lines.Where(l => l != "to-stderr"));
        Assert.Contains("to-stderr", lines);

        var tail = await cluster.KubectlAsync("-n", ns, "logs", "web", "--tail=2", "-c", "main");
        Assert.Equal(string.Join('\n', lines[^2..]) + "\n", tail.Output);

        var stamped = await cluster.KubectlAsync("-n", ns, "logs", "web", "--timestamps", "--limit-bytes=200");
        // The stderr line may come first (see above): the stdout one is checked.
        Assert.Matches(TimestampedLine(), stamped.Output.Split('\n').First(l => l.EndsWith(" first", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Logs_follow_until_the_container_ends()
    {
        var ns = await cluster.NamespaceAsync();
        await cluster.RunPodAsync(ns, "ticker", ("main", "for i in 1 2 3; do echo tick-$i; sleep 0.3; done"));

        var follow = await cluster.KubectlAsync("-n", ns, "logs", "-f", "ticker");

        Assert.Equal((0, "tick-1\ntick-2\ntick-3\n"), (follow.ExitCode, follow.Output));
    }

    [Fact]
    public async Task Logs_of_a_crashing_container_show_its_last_run_and_previous_the_one_before()
    {
        var ns = await cluster.NamespaceAsync();
        await cluster.RunPodAsync(ns, "crasher", ("main", "echo first run; exit 1"));

        // In back-off, the current container is the one that exited: its output is what kubectl logs shows.
        await EventuallyAsync(() => cluster.KubectlAsync("-n", ns, "logs", "crasher"), r => r.ExitCode == 0 && r.Output == "first run\n");
        var none = await cluster.KubectlAsync("-n", ns, "logs", "crasher", "--previous");
        Assert.Contains("previous terminated container \"main\" in pod \"crasher\" not found", none.Error, StringComparison.Ordinal);

        // Restarted, the current run is the new one and --previous the first.
        await cluster.RestartContainerAsync(ns, "crasher", "main", "echo second run; exit 1");
        await EventuallyAsync(() => cluster.KubectlAsync("-n", ns, "logs", "crasher"), r => r.ExitCode == 0 && r.Output == "second run\n");
        var previous = await cluster.KubectlAsync("-n", ns, "logs", "crasher", "--previous");
        Assert.Equal((0, "first run\n"), (previous.ExitCode, previous.Output));
    }

    [Fact]
    public async Task Exec_runs_in_the_container_with_separate_streams_and_stdin()
    {
        var ns = await cluster.NamespaceAsync();
        await cluster.RunPodAsync(ns, "web", ("main", Chatty));

        var exec = await cluster.KubectlAsync("-n", ns, "exec", "web", "--", "sh", "-c", "hostname; tr '\\0' ' ' </proc/1/cmdline; echo; echo oops >&2");
        Assert.True(exec.ExitCode == 0, $"exec exited {exec.ExitCode}: {exec.Error}");
        Assert.Equal("web\nsleep 1000 \n", exec.Output);
        Assert.Equal("oops\n", exec.Error);

        var piped = await cluster.KubectlWithInputAsync("hello from stdin\nline two\n", "-n", ns, "exec", "-i", "web", "--", "sh", "-c", "cat; echo done");
        Assert.Equal((0, "hello from stdin\nline two\ndone\n"), (piped.ExitCode, piped.Output));
    }

    [Fact]
    public async Task Exec_returns_the_commands_exit_code()
    {
        var ns = await cluster.NamespaceAsync();
        await cluster.RunPodAsync(ns, "web", ("main", Chatty));

        var failed = await cluster.KubectlAsync("-n", ns, "exec", "web", "--", "sh", "-c", "exit 3");

        Assert.Equal(3, failed.ExitCode);
        Assert.Contains("command terminated with exit code 3", failed.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Requests_for_a_wrong_container_or_an_unscheduled_pod_fail_as_in_kubernetes()
    {
        var ns = await cluster.NamespaceAsync();
        await cluster.RunPodAsync(ns, "two", ("main", Chatty), ("sidecar", Chatty));
        await cluster.Client.CoreV1.CreateNamespacedPodAsync(new V1Pod
        {
            Metadata = new V1ObjectMeta { Name = "pending" },
            Spec = new V1PodSpec { Containers = [new V1Container { Name = "main", Image = "debian:12" }] },
        }, ns);

        var wrong = await cluster.KubectlAsync("-n", ns, "exec", "two", "-c", "nosuch", "--", "true");
        Assert.Equal(1, wrong.ExitCode);
        Assert.Contains("container nosuch is not valid for pod two", wrong.Error, StringComparison.Ordinal);

        var unscheduled = await cluster.KubectlAsync("-n", ns, "exec", "pending", "--", "true");
        Assert.Contains("pod pending does not have a host assigned", unscheduled.Error, StringComparison.Ordinal);
        Assert.Equal((0, ""), ((await cluster.KubectlAsync("-n", ns, "logs", "pending")).ExitCode, (await cluster.KubectlAsync("-n", ns, "logs", "pending")).Output));

        // Without kubectl's help in picking a default container, the API asks for one, listing them.
        var raw = await cluster.KubectlAsync("get", "--raw", $"/api/v1/namespaces/{ns}/pods/two/log");
        Assert.Contains("a container name must be specified for pod two, choose one of: [main sidecar]", raw.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Exec_needs_create_on_pods_exec_and_logs_need_get_on_pods_log()
    {
        var ns = await cluster.NamespaceAsync();
        await cluster.RunPodAsync(ns, "web", ("main", Chatty));
        var admin = cluster.Client;
        await admin.CoreV1.CreateNamespacedServiceAccountAsync(new V1ServiceAccount { Metadata = new V1ObjectMeta { Name = "reader" } }, ns);
        await admin.RbacAuthorizationV1.CreateNamespacedRoleAsync(new V1Role
        {
            Metadata = new V1ObjectMeta { Name = "reader" },
            Rules = [new V1PolicyRule { ApiGroups = [""], Resources = ["pods", "pods/log", "pods/exec"], Verbs = ["get", "list"] }],
        }, ns);
        await admin.RbacAuthorizationV1.CreateNamespacedRoleBindingAsync(new V1RoleBinding
        {
            Metadata = new V1ObjectMeta { Name = "reader" },
            RoleRef = new V1RoleRef { ApiGroup = "rbac.authorization.k8s.io", Kind = "Role", Name = "reader" },
            Subjects = [new Rbacv1Subject { Kind = "ServiceAccount", Name = "reader", NamespaceProperty = ns }],
        }, ns);
        var token = (await cluster.KubectlAsync("-n", ns, "create", "token", "reader")).Output.Trim();
        var kubeconfig = Path.Combine(Path.GetTempPath(), $"ivyo-reader-{Guid.NewGuid():N}.kubeconfig");
        await File.WriteAllTextAsync(kubeconfig, ApiServer.Security.Kubeconfig.WithToken(
            cluster.Server.Url.ToString().TrimEnd('/'), cluster.Server.Credentials.Authority.CertificatePem, "reader", token));
        (int ExitCode, string Output, string Error) exec;
        try
        {
            await EventuallyAsync(() => Ivyo.Testing.Kubectl.RunAsync(kubeconfig, ["-n", ns, "logs", "web"]), r => r.Output.Contains("third", StringComparison.Ordinal));
            exec = await Ivyo.Testing.Kubectl.RunAsync(kubeconfig, ["-n", ns, "exec", "web", "--", "true"]);
        }
        finally
        {
            File.Delete(kubeconfig);
        }

        Assert.NotEqual(0, exec.ExitCode);
        Assert.Contains($"pods \"web\" is forbidden: User \"system:serviceaccount:{ns}:reader\" cannot create resource \"pods/exec\" in API group \"\" in the namespace \"{ns}\"",
            exec.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task KubernetesClient_execs_over_the_same_websocket_protocol()
    {
        var ns = await cluster.NamespaceAsync();
        await cluster.RunPodAsync(ns, "web", ("main", Chatty));

        var output = new StringBuilder();
        var exitCode = await cluster.Client.NamespacedPodExecAsync("web", ns, "main", ["sh", "-c", "echo from-client; exit 4"], tty: false,
            async (stdin, stdout, stderr) =>
            {
                using var reader = new StreamReader(stdout);
                output.Append(await reader.ReadToEndAsync());
            }, CancellationToken.None);

        Assert.Equal("from-client\n", output.ToString());
        Assert.Equal(4, exitCode);
    }

    private static async Task<(int ExitCode, string Output, string Error)> EventuallyAsync(
        Func<Task<(int ExitCode, string Output, string Error)>> run, Func<(int ExitCode, string Output, string Error), bool> done, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(20));
        while (true)
        {
            var result = await run();
            if (done(result))
            {
                return result;
            }

            Assert.True(DateTime.UtcNow < deadline, $"kubectl never gave what was expected; last: exit {result.ExitCode}, {result.Output}{result.Error}");
            await Task.Delay(50);
        }
    }

    [GeneratedRegex(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{1,9})?Z first$")]
    private static partial Regex TimestampedLine();
}
