using k8s;
using k8s.Models;

namespace Ivyo.LocalCluster.NodeAgent.Tests;

/// <summary>
/// Pods applied with kubectl run on the node agent as the kubelet runs them: environment and volumes from the spec,
/// init containers first, restarts by policy, status and events written back, graceful deletion.
/// </summary>
public sealed class PodLifecycleTests(NodeAgentFixture node) : IClassFixture<NodeAgentFixture>
{
    private static bool Ready(V1Pod pod) => pod.Status?.Conditions?.Any(c => c.Type == "Ready" && c.Status == "True") == true;

    [Fact]
    public async Task A_pod_runs_with_its_environment_volumes_and_token_and_reports_ready()
    {
        var ns = await node.NamespaceAsync();
        var applied = await node.ApplyAsync($$$"""
            apiVersion: v1
            kind: ConfigMap
            metadata: {name: settings, namespace: {{{ns}}}}
            data: {mode: replica, greeting: hello}
            ---
            apiVersion: v1
            kind: Secret
            metadata: {name: creds, namespace: {{{ns}}}}
            stringData: {password: s3cret}
            ---
            apiVersion: v1
            kind: Pod
            metadata: {name: db-0, namespace: {{{ns}}}, labels: {app: db}}
            spec:
              nodeName: {{{NodeAgentFixture.Node}}}
              containers:
              - name: main
                image: debian:12
                command: [/bin/sh, -c]
                args:
                - echo "name=$(POD_NAME) greeting=$greeting password=$PASSWORD mode=$(cat /etc/settings/mode) ns=$(cat /var/run/secrets/kubernetes.io/serviceaccount/namespace) host=$(hostname)";
                  test -s /var/run/secrets/kubernetes.io/serviceaccount/token && echo token-present;
                  grep -q "BEGIN CERTIFICATE" /var/run/secrets/kubernetes.io/serviceaccount/ca.crt && echo ca-present;
                  echo "api=$KUBERNETES_SERVICE_HOST:$KUBERNETES_SERVICE_PORT";
                  exec sleep 1000
                env:
                - name: POD_NAME
                  valueFrom:
                    fieldRef: {fieldPath: metadata.name}
                - name: PASSWORD
                  valueFrom:
                    secretKeyRef: {name: creds, key: password}
                envFrom:
                - configMapRef: {name: settings}
                  prefix: ""
                volumeMounts:
                - {name: settings, mountPath: /etc/settings}
              volumes:
              - name: settings
                configMap: {name: settings}
            """);
        Assert.True(applied.ExitCode == 0, applied.Error);

        var pod = await node.WaitForPodAsync(ns, "db-0", Ready);

        Assert.Equal("Running", pod.Status.Phase);
        Assert.Equal("127.0.0.1", pod.Status.HostIP);
        var status = Assert.Single(pod.Status.ContainerStatuses);
        Assert.NotNull(status.State.Running);
        Assert.True(status.Ready);
        Assert.Contains(pod.Status.Conditions, c => c.Type == "PodScheduled");
        var kubernetes = await node.Client.CoreV1.ReadNamespacedServiceAsync("kubernetes", "default");
        var expected = new[]
        {
            $"name=db-0 greeting=hello password=s3cret mode=replica ns={ns} host=db-0", "token-present", "ca-present",
            $"api={kubernetes.Spec.ClusterIP}:443",
        };
        await EventuallyAsync(async () => (await node.KubectlAsync("-n", ns, "logs", "db-0")).Output, output => output == string.Join('\n', expected) + "\n");
        var events = await node.Client.CoreV1.ListNamespacedEventAsync(ns, fieldSelector: "involvedObject.name=db-0");
        Assert.Contains(events.Items, e => e.Reason == "Started" && e.Source.Component == "kubelet" && e.Source.Host == NodeAgentFixture.Node);
    }

    [Fact]
    public async Task Init_containers_run_to_completion_first_and_share_volumes()
    {
        var ns = await node.NamespaceAsync();
        await node.Client.CoreV1.CreateNamespacedPodAsync(new V1Pod
        {
            Metadata = new V1ObjectMeta { Name = "init" },
            Spec = new V1PodSpec
            {
                NodeName = NodeAgentFixture.Node,
                Volumes = [new V1Volume { Name = "work", EmptyDir = new V1EmptyDirVolumeSource() }],
                InitContainers =
                [
                    Container("first", "echo one > /work/log"),
                    Container("second", "echo two >> /work/log"),
                ],
                Containers = [Container("main", "cat /work/log; exec sleep 1000")],
            },
        }, ns);

        var pod = await node.WaitForPodAsync(ns, "init", Ready);

        Assert.All(pod.Status.InitContainerStatuses, s => Assert.Equal(("Completed", 0), (s.State.Terminated?.Reason, s.State.Terminated?.ExitCode ?? -1)));
        Assert.Contains(pod.Status.Conditions, c => c.Type == "Initialized" && c.Status == "True");
        await EventuallyAsync(async () => (await node.KubectlAsync("-n", ns, "logs", "init")).Output, output => output == "one\ntwo\n");
    }

    [Fact]
    public async Task A_crashing_container_is_restarted_with_back_off_and_keeps_its_last_state()
    {
        var ns = await node.NamespaceAsync();
        await node.Client.CoreV1.CreateNamespacedPodAsync(Pod("crash", "echo trying; exit 2", "Always"), ns);

        var pod = await node.WaitForPodAsync(ns, "crash", p => p.Status?.ContainerStatuses?.FirstOrDefault()?.RestartCount >= 2);

        var status = pod.Status.ContainerStatuses[0];
        Assert.Equal(2, status.LastState.Terminated.ExitCode);
        Assert.Equal("Error", status.LastState.Terminated.Reason);
        Assert.Equal("Running", pod.Status.Phase);
        await node.WaitForPodAsync(ns, "crash", p => p.Status.ContainerStatuses[0].State.Waiting?.Reason == "CrashLoopBackOff");
    }

    [Theory]
    [InlineData("exit 0", "Succeeded", 0, "Completed")]
    [InlineData("exit 3", "Failed", 3, "Error")]
    public async Task With_restart_policy_never_the_pod_ends_in_its_final_phase(string script, string phase, int exitCode, string reason)
    {
        var ns = await node.NamespaceAsync();
        await node.Client.CoreV1.CreateNamespacedPodAsync(Pod("once", script, "Never"), ns);

        var pod = await node.WaitForPodAsync(ns, "once", p => p.Status?.Phase == phase);

        var terminated = pod.Status.ContainerStatuses[0].State.Terminated;
        Assert.Equal((exitCode, reason), (terminated.ExitCode, terminated.Reason));
        Assert.Equal(0, pod.Status.ContainerStatuses[0].RestartCount);
    }

    [Fact]
    public async Task Deleting_a_pod_stops_its_container_with_sigterm_and_then_the_pod_is_gone()
    {
        var ns = await node.NamespaceAsync();
        var evidence = Path.Combine(node.Evidence, ns);
        Directory.CreateDirectory(evidence);
        var pod = Pod("graceful", "trap 'echo got-term > /evidence/term; exit 0' TERM; sleep 1000 & wait", "Always");
        pod.Spec.Volumes = [new V1Volume { Name = "evidence", HostPath = new V1HostPathVolumeSource { Path = evidence } }];
        pod.Spec.Containers[0].VolumeMounts = [new V1VolumeMount { Name = "evidence", MountPath = "/evidence" }];
        await node.Client.CoreV1.CreateNamespacedPodAsync(pod, ns);
        await node.WaitForPodAsync(ns, "graceful", Ready);

        var deleted = await node.KubectlAsync("-n", ns, "delete", "pod", "graceful", "--timeout=60s");

        Assert.True(deleted.ExitCode == 0, deleted.Error);
        Assert.Contains("pod \"graceful\" deleted", deleted.Output, StringComparison.Ordinal);
        Assert.Equal("got-term\n", await File.ReadAllTextAsync(Path.Combine(evidence, "term")));
        var gone = await node.KubectlAsync("-n", ns, "get", "pod", "graceful");
        Assert.Contains("NotFound", gone.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_terminating_pod_whose_status_write_fails_is_still_stopped_and_removed()
    {
        // The kubelet syncs a pod again after an error: a worker that gave up here left its pod Terminating forever,
        // as no newer version of the pod comes to wake anyone (seen in CI: a scaled-down replica stuck for minutes).
        var ns = await node.NamespaceAsync();
        await node.Client.CoreV1.CreateNamespacedPodAsync(Pod("flaky-store", "sleep 1000 & wait", "Always"), ns);
        await node.WaitForPodAsync(ns, "flaky-store", Ready);
        node.Store.FailUpdates((key, value) => key.EndsWith($"/{ns}/flaky-store", StringComparison.Ordinal)
            && value["status"]?["containerStatuses"]?.AsArray().Any(status => status?["state"]?["terminated"] is not null) == true, times: 3);

        var deleted = await node.KubectlAsync("-n", ns, "delete", "pod", "flaky-store", "--timeout=60s");

        Assert.True(deleted.ExitCode == 0, deleted.Error);
        Assert.Equal(3, node.Store.Failed);
        var gone = await node.KubectlAsync("-n", ns, "get", "pod", "flaky-store");
        Assert.Contains("NotFound", gone.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_container_that_ignores_sigterm_is_killed_when_its_grace_period_ends()
    {
        var ns = await node.NamespaceAsync();
        var pod = Pod("stubborn", "trap '' TERM; sleep 1000 & wait", "Always");
        pod.Spec.TerminationGracePeriodSeconds = 2;
        await node.Client.CoreV1.CreateNamespacedPodAsync(pod, ns);
        await node.WaitForPodAsync(ns, "stubborn", Ready);

        var started = DateTime.UtcNow;
        var deleted = await node.KubectlAsync("-n", ns, "delete", "pod", "stubborn", "--timeout=60s");

        Assert.True(deleted.ExitCode == 0, deleted.Error);
        Assert.InRange(DateTime.UtcNow - started, TimeSpan.FromSeconds(1.8), TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task A_missing_config_map_holds_the_pod_in_container_creating_until_it_exists()
    {
        var ns = await node.NamespaceAsync();
        var pod = Pod("waits", "echo \"$(cat /etc/late/key)\"; exec sleep 1000", "Always");
        pod.Spec.Volumes = [new V1Volume { Name = "late", ConfigMap = new V1ConfigMapVolumeSource { Name = "late" } }];
        pod.Spec.Containers[0].VolumeMounts = [new V1VolumeMount { Name = "late", MountPath = "/etc/late" }];
        await node.Client.CoreV1.CreateNamespacedPodAsync(pod, ns);

        await node.WaitForPodAsync(ns, "waits", p => p.Status?.ContainerStatuses?.FirstOrDefault()?.State?.Waiting?.Reason == "ContainerCreating");
        await EventuallyAsync(async () => string.Join('\n', (await node.Client.CoreV1.ListNamespacedEventAsync(ns)).Items.Select(e => $"{e.Reason}: {e.Message}")),
            events => events.Contains("FailedMount: MountVolume.SetUp failed for volume \"late\" : configmap \"late\" not found", StringComparison.Ordinal));

        await node.Client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "late" }, Data = new Dictionary<string, string> { ["key"] = "arrived" } }, ns);

        await node.WaitForPodAsync(ns, "waits", Ready);
        await EventuallyAsync(async () => await node.KubectlAsync("-n", ns, "logs", "waits"), logs => logs.Output == "arrived\n");
    }

    [Fact]
    public async Task A_missing_secret_key_is_a_create_container_config_error()
    {
        var ns = await node.NamespaceAsync();
        var pod = Pod("config-error", "exec sleep 1000", "Always");
        pod.Spec.Containers[0].Env = [new V1EnvVar { Name = "X", ValueFrom = new V1EnvVarSource { SecretKeyRef = new V1SecretKeySelector { Name = "absent", Key = "k" } } }];
        await node.Client.CoreV1.CreateNamespacedPodAsync(pod, ns);

        var waiting = await node.WaitForPodAsync(ns, "config-error", p => p.Status?.ContainerStatuses?.FirstOrDefault()?.State?.Waiting?.Reason == "CreateContainerConfigError");

        Assert.Equal("secret \"absent\" not found", waiting.Status.ContainerStatuses[0].State.Waiting.Message);
    }

    [Fact]
    public async Task A_readiness_probe_holds_ready_until_it_passes()
    {
        var ns = await node.NamespaceAsync();
        var pod = Pod("probed", "exec sleep 1000", "Always");
        pod.Spec.Containers[0].ReadinessProbe = new V1Probe { Exec = new V1ExecAction { Command = ["test", "-f", "/tmp/ready"] }, PeriodSeconds = 1 };
        await node.Client.CoreV1.CreateNamespacedPodAsync(pod, ns);

        var running = await node.WaitForPodAsync(ns, "probed", p => p.Status?.ContainerStatuses?.FirstOrDefault()?.State?.Running is not null);
        Assert.False(Ready(running));
        await EventuallyAsync(async () => string.Join('\n', (await node.Client.CoreV1.ListNamespacedEventAsync(ns)).Items.Select(e => $"{e.Reason}: {e.Message}")),
            events => events.Contains("Unhealthy: Readiness probe failed: ", StringComparison.Ordinal));

        Assert.Equal(0, (await node.KubectlAsync("-n", ns, "exec", "probed", "--", "touch", "/tmp/ready")).ExitCode);

        await node.WaitForPodAsync(ns, "probed", Ready);
    }

    [Fact]
    public async Task A_failing_liveness_probe_restarts_the_container()
    {
        var ns = await node.NamespaceAsync();
        var pod = Pod("unhealthy", "exec sleep 1000", "Always");
        pod.Spec.Containers[0].LivenessProbe = new V1Probe { Exec = new V1ExecAction { Command = ["test", "-f", "/tmp/alive"] }, PeriodSeconds = 1, FailureThreshold = 2 };
        pod.Spec.TerminationGracePeriodSeconds = 1;
        await node.Client.CoreV1.CreateNamespacedPodAsync(pod, ns);

        var restarted = await node.WaitForPodAsync(ns, "unhealthy", p => p.Status?.ContainerStatuses?.FirstOrDefault()?.RestartCount >= 1);

        Assert.Equal(137, restarted.Status.ContainerStatuses[0].LastState.Terminated.ExitCode);
        await EventuallyAsync(async () => string.Join('\n', (await node.Client.CoreV1.ListNamespacedEventAsync(ns)).Items.Select(e => $"{e.Reason}: {e.Message}")),
            events => events.Contains("Killing: Container main failed liveness probe, will be restarted", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_node_registers_with_its_labels_and_stays_ready_with_a_lease()
    {
        var registered = await node.Client.CoreV1.ReadNodeAsync(NodeAgentFixture.Node);

        Assert.Equal(NodeAgentFixture.Node, registered.Metadata.Labels["kubernetes.io/hostname"]);
        Assert.Equal("zone-a", registered.Metadata.Labels["topology.kubernetes.io/zone"]);
        Assert.Contains(registered.Status.Conditions, c => c.Type == "Ready" && c.Status == "True" && c.Reason == "KubeletReady");
        Assert.Equal(node.Agent.KubeletPort, registered.Status.DaemonEndpoints.KubeletEndpoint.Port);
        var first = (await node.Client.CoordinationV1.ReadNamespacedLeaseAsync(NodeAgentFixture.Node, "kube-node-lease")).Spec.RenewTime;
        await EventuallyAsync(async () => (await node.Client.CoordinationV1.ReadNamespacedLeaseAsync(NodeAgentFixture.Node, "kube-node-lease")).Spec.RenewTime,
            renewed => renewed > first);
    }

    private static V1Container Container(string name, string script) =>
        new() { Name = name, Image = "debian:12", Command = ["/bin/sh", "-c", script], VolumeMounts = [new V1VolumeMount { Name = "work", MountPath = "/work" }] };

    private static V1Pod Pod(string name, string script, string restartPolicy) => new()
    {
        Metadata = new V1ObjectMeta { Name = name },
        Spec = new V1PodSpec
        {
            NodeName = NodeAgentFixture.Node,
            RestartPolicy = restartPolicy,
            Containers = [new V1Container { Name = "main", Image = "debian:12", Command = ["/bin/sh", "-c", script] }],
        },
    };

    private static async Task EventuallyAsync<T>(Func<Task<T>> read, Func<T, bool> done)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        T last;
        while (!done(last = await read()))
        {
            Assert.True(DateTime.UtcNow < deadline, $"never got there; last: {last}");
            await Task.Delay(100);
        }
    }
}
