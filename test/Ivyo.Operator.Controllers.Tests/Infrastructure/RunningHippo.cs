using System.Text.Json.Nodes;
using k8s;
using k8s.Models;

namespace Ivyo.Operator.Controllers.Tests.Infrastructure;

/// <summary>
/// What a running hippo has that no one here makes, as no kubelet runs pods against the API server alone: a ready
/// repository host, a ready primary labelled by "Patroni", Patroni's DCS of a bootstrapped cluster, the stanza as the
/// stanza step records it, and backup Jobs that complete. Each is written as the component that owns it would
/// write it, so the operator sees what it sees on a real cluster.
/// </summary>
public static class RunningHippo
{
    public const string BackupLabel = "ivory-operator.ivorysql.org/pgbackrest-backup";
    private const string InstanceLabel = "ivory-operator.ivorysql.org/instance";

    /// <summary>Waits for <paramref name="condition"/>; false when the wait was given up (the RBAC lifecycle stops at a denial).</summary>
    public delegate Task<bool> Wait(Func<Task<bool>> condition, string what);

    /// <summary>A <see cref="Wait"/> that fails the test after <paramref name="timeout"/>.</summary>
    public static Wait Eventually(TimeSpan timeout) => async (condition, what) =>
    {
        await Infrastructure.Eventually.Until(condition, what, timeout);
        return true;
    };

    /// <summary>
    /// Everything up to the scheduled backups: the parts above, the replica-create backup Job completed, and the
    /// backup CronJob written by the operator. The primary pod is deleted at the end unless <paramref name="keepPrimary"/>:
    /// with no kubelet, every step that execs in it (users, Patroni's configuration) fails and is retried.
    /// </summary>
    public static async Task<bool> BackupsReadyAsync(OperatorEnvironment environment, string ns, Wait until, bool keepPrimary = false)
    {
        var admin = environment.Admin;
        IList<V1StatefulSet> instances = [];
        if (!await until(async () => (instances = (await admin.AppsV1.ListNamespacedStatefulSetAsync(ns, labelSelector: InstanceLabel)).Items).Count > 0
                && (await admin.AppsV1.ListNamespacedStatefulSetAsync(ns, fieldSelector: "metadata.name=hippo-repo-host")).Items.Count == 1,
            "the instances and the repo host exist"))
        {
            return false;
        }

        await RepoHostReadyAsync(admin, ns);
        var primary = instances.Select(set => set.Metadata.Name).Order(StringComparer.Ordinal).First();
        await FakeInstancePods.CreateRunningAsync(admin, ns, primary + "-0", primary, "master", ready: true);
        await BootstrappedAsync(admin, ns);

        V1Job? replicaCreate = null;
        if (!await until(async () =>
            {
                // Again until the Job comes: a status write of the operator's may have raced this one.
                if (!await StanzaCreatedAsync(environment, ns))
                {
                    return false;
                }

                replicaCreate = (await admin.BatchV1.ListNamespacedJobAsync(ns, labelSelector: BackupLabel + "=replica-create")).Items.SingleOrDefault();
                return replicaCreate is not null;
            }, "the replica-create backup Job exists"))
        {
            return false;
        }

        await CompleteJobAsync(admin, ns, replicaCreate!.Metadata.Name);
        if (!await until(async () => (await admin.BatchV1.ListNamespacedCronJobAsync(ns)).Items.Count > 0, "the backup CronJob exists"))
        {
            return false;
        }

        if (!keepPrimary)
        {
            await admin.CoreV1.DeleteNamespacedPodAsync(primary + "-0", ns, new V1DeleteOptions { GracePeriodSeconds = 0 });
        }

        return true;
    }

    /// <summary>The repository host's StatefulSet reports a ready replica.</summary>
    public static Task RepoHostReadyAsync(Kubernetes admin, string ns) => admin.AppsV1.PatchNamespacedStatefulSetStatusAsync(
        new V1Patch("""{"status":{"replicas":1,"readyReplicas":1}}""", V1Patch.PatchType.MergePatch), "hippo-repo-host", ns);

    /// <summary>Patroni's <c>hippo-ha-config</c> Endpoints of a bootstrapped cluster: its system identifier, a configuration.</summary>
    public static Task BootstrappedAsync(Kubernetes admin, string ns) => admin.CoreV1.CreateNamespacedEndpointsAsync(new V1Endpoints
    {
        Metadata = new V1ObjectMeta
        {
            Name = "hippo-ha-config",
            Labels = new Dictionary<string, string>
            {
                ["ivory-operator.ivorysql.org/cluster"] = "hippo",
                ["ivory-operator.ivorysql.org/patroni"] = "hippo-ha",
            },
            Annotations = new Dictionary<string, string> { ["initialize"] = "7300000000000000001", ["config"] = "{}" },
        },
    }, ns);

    /// <summary>
    /// Records the stanza of repo1 as created, as the stanza step does after <c>pgbackrest stanza-create</c>; true when
    /// the status already said so.
    /// </summary>
    public static async Task<bool> StanzaCreatedAsync(OperatorEnvironment environment, string ns)
    {
        var cluster = await environment.AdminResources.GetAsync(OperatorEnvironment.Clusters, ns, "hippo", CancellationToken.None);
        if ((bool?)cluster?["status"]?["pgbackrest"]?["repos"]?[0]?["stanzaCreated"] == true)
        {
            return true;
        }

        await environment.AdminResources.MergePatchAsync(OperatorEnvironment.Clusters, ns, "hippo",
            JsonNode.Parse("""{"status":{"pgbackrest":{"repos":[{"name":"repo1","stanzaCreated":true}]}}}""")!.AsObject(), CancellationToken.None, subresource: "status");
        return false;
    }

    /// <summary>Reports the Job complete, as the Job controller does.</summary>
    public static Task CompleteJobAsync(Kubernetes admin, string ns, string job) => admin.BatchV1.PatchNamespacedJobStatusAsync(new V1Patch("""
        {"status":{"startTime":"2026-01-01T00:00:00Z","completionTime":"2026-01-01T00:00:10Z","succeeded":1,"conditions":[
          {"type":"SuccessCriteriaMet","status":"True","reason":"CompletionsReached","lastProbeTime":"2026-01-01T00:00:10Z","lastTransitionTime":"2026-01-01T00:00:10Z"},
          {"type":"Complete","status":"True","reason":"CompletionsReached","lastProbeTime":"2026-01-01T00:00:10Z","lastTransitionTime":"2026-01-01T00:00:10Z"}]}}
        """, V1Patch.PatchType.MergePatch), job, ns);
}
