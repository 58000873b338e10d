using Ivyo.Operator.Controllers.Tests.Infrastructure;
using k8s;
using k8s.Models;
using Xunit.Abstractions;

namespace Ivyo.Operator.Controllers.Tests.Rbac;

/// <summary>
/// The ClusterRole in <c>config/rbac/cluster/role.yaml</c> is sufficient (a whole lifecycle, as the <c>ivyo</c>
/// ServiceAccount, is never denied) and minimal (without any one verb of any of its rules, some request of that
/// lifecycle is).
/// </summary>
public sealed class RbacTests(ITestOutputHelper output)
{
    /// <summary>Every verb of every rule: (rule index, verb).</summary>
    public static TheoryData<int, string> RuleVerbs
    {
        get
        {
            var data = new TheoryData<int, string>();
            var rules = OperatorEnvironment.ShippedRules();
            for (var i = 0; i < rules.Count; i++)
            {
                foreach (var verb in rules[i].Verbs)
                {
                    data.Add(i, verb);
                }
            }

            return data;
        }
    }

    [Fact]
    public async Task The_shipped_role_allows_a_whole_cluster_lifecycle()
    {
        await using var environment = await OperatorEnvironment.StartAsync();
        var ivyo = await StartAsync(environment);
        await Lifecycle.RunAsync(environment, ivyo);
        Assert.True(ivyo.Log.Denied.Count == 0, "Denied: " + string.Join(", ", ivyo.Log.Denied));
    }

    [Theory]
    [MemberData(nameof(RuleVerbs))]
    public async Task Without_any_one_verb_of_any_rule_something_is_denied(int index, string verb)
    {
        var rule = OperatorEnvironment.ShippedRules()[index];
        await using var environment = await OperatorEnvironment.StartAsync(rules =>
        {
            var changed = rules.ToList();
            changed[index] = new V1PolicyRule { ApiGroups = rule.ApiGroups, Resources = rule.Resources, Verbs = [.. rule.Verbs.Where(v => v != verb)] };
            return [.. changed.Where(r => r.Verbs.Count > 0)];
        });
        var ivyo = await StartAsync(environment);
        await Lifecycle.RunAsync(environment, ivyo);
        foreach (var denied in ivyo.Log.Denied.Take(2))
        {
            output.WriteLine($"Without {verb} {string.Join(",", rule.Resources)}: {denied}");
        }

        Assert.True(ivyo.Log.Denied.Count > 0,
            $"Nothing was denied without {verb} on {string.Join(",", rule.ApiGroups)}/{string.Join(",", rule.Resources)}; it is not needed.");
    }

    private static Task<RunningOperator> StartAsync(OperatorEnvironment environment) =>
        environment.StartOperatorAsync(options => options with { LeaderElectionNamespace = OperatorEnvironment.OperatorNamespace });

    /// <summary>Everything the operator does to a cluster, from creation to deletion; it stops early at the first denial.</summary>
    private static class Lifecycle
    {
        public static async Task RunAsync(OperatorEnvironment environment, RunningOperator ivyo)
        {
            var admin = environment.Admin;
            await environment.CreateNamespaceAsync("zoo");
            if (!await UntilAsync(ivyo, () => Task.FromResult(ivyo.Runtime.IsLeader), "the operator leads"))
            {
                return;
            }

            // The leader renews its Lease (an update) at least once.
            if (!await UntilAsync(ivyo, () => Task.FromResult(ivyo.Log.Requests.Any(r => r.Method == HttpMethod.Put && r.Path.Contains("/leases/", StringComparison.Ordinal))),
                "the lease is renewed"))
            {
                return;
            }

            await environment.CreateClusterAsync("zoo", TestManifests.Everything());
            if (!await UntilAsync(ivyo, async () => (await admin.AppsV1.ListNamespacedDeploymentAsync("zoo")).Items.Count == 1
                    && (await admin.PolicyV1.ListNamespacedPodDisruptionBudgetAsync("zoo")).Items.Count == 1, "every kind of object exists"))
            {
                return;
            }

            // A bootstrapped cluster whose replica-create backup completes: the operator writes the backup Job, and
            // then the backup schedule's CronJob.
            if (!await RunningHippo.BackupsReadyAsync(environment, "zoo", (condition, what) => UntilAsync(ivyo, condition, what)))
            {
                return;
            }

            // The same repair twice: an event, then the same event counted again.
            for (var i = 0; i < 2; i++)
            {
                var uid = (await admin.CoreV1.ReadNamespacedServiceAsync("hippo-primary", "zoo")).Metadata.Uid;
                await admin.CoreV1.DeleteNamespacedServiceAsync("hippo-primary", "zoo");
                if (!await UntilAsync(ivyo, async () =>
                    {
                        var services = await admin.CoreV1.ListNamespacedServiceAsync("zoo", fieldSelector: "metadata.name=hippo-primary");
                        return services.Items.Count == 1 && services.Items[0].Metadata.Uid != uid;
                    }, "hippo-primary is back"))
                {
                    return;
                }
            }

            // Less of everything: objects are pruned.
            await admin.CustomObjects.PatchNamespacedCustomObjectAsync(
                new V1Patch("""{"spec":{"proxy":null,"backups":{"pgbackrest":{"repos":[{"name":"repo1","volume":{"volumeClaimSpec":{"accessModes":["ReadWriteOnce"],"resources":{"requests":{"storage":"1Gi"}}}}}]}},"instances":[{"name":"instance1","replicas":1,"dataVolumeClaimSpec":{"accessModes":["ReadWriteOnce"],"resources":{"requests":{"storage":"1Gi"}}}}]}}""",
                    V1Patch.PatchType.MergePatch),
                "ivory-operator.ivorysql.org", "v1beta1", "zoo", "ivoryclusters", "hippo");
            if (!await UntilAsync(ivyo, async () => (await admin.AppsV1.ListNamespacedDeploymentAsync("zoo")).Items.Count == 0
                    && (await admin.BatchV1.ListNamespacedCronJobAsync("zoo")).Items.Count == 0
                    && (await admin.AppsV1.ListNamespacedStatefulSetAsync("zoo", labelSelector: "ivory-operator.ivorysql.org/instance")).Items.Count == 1,
                    "PgBouncer, the backup schedule and an instance are removed"))
            {
                return;
            }

            // Patroni's DCS (made above) holds a configuration other than the spec's; with a running primary, the
            // operator replaces it with patronictl through pods/exec. (No kubelet runs the pod here, so the exec itself
            // fails after it was authorized.)
            // The pod of the one instance, from its StatefulSet's current template (as the StatefulSet controller
            // would report it).
            var instance = Assert.Single((await admin.AppsV1.ListNamespacedStatefulSetAsync("zoo", labelSelector: "ivory-operator.ivorysql.org/instance")).Items);
            Task SetUpdateRevisionAsync(string revision) => admin.AppsV1.PatchNamespacedStatefulSetStatusAsync(new V1Patch(
                $$$"""{"status":{"observedGeneration":{{{instance.Metadata.Generation}}},"replicas":1,"currentRevision":"old","updateRevision":"{{{revision}}}"}}""",
                V1Patch.PatchType.MergePatch), instance.Metadata.Name, "zoo");
            await SetUpdateRevisionAsync("old");
            var pod = instance.Metadata.Name + "-0";
            await FakeInstancePods.CreateRunningAsync(admin, "zoo", pod, instance.Metadata.Name, "master", ready: false, revision: "old");
            string? failure = null;
            if (!await UntilAsync(ivyo, async () =>
                {
                    failure = await ConditionMessageAsync(environment, "PatroniConfigurationApplied", "ApplyFailed");
                    return failure is not null;
                }, "the operator tries patronictl in the primary"))
            {
                return;
            }

            // The WebSocket's answer, from the operator's report of it: 403 when the role lacks a verb, else the
            // API server's refusal to exec in a pod no node runs.
            var status = failure!.Contains("'403'", StringComparison.Ordinal) ? System.Net.HttpStatusCode.Forbidden : System.Net.HttpStatusCode.BadRequest;
            ivyo.Log.Record(new LoggedRequest(HttpMethod.Get, $"/api/v1/namespaces/zoo/pods/{pod}/exec", status));
            if (status == System.Net.HttpStatusCode.Forbidden)
            {
                return;
            }

            // A new template: the operator rolls the pod, a checkpoint (exec) and then a delete.
            await SetUpdateRevisionAsync("new");
            if (!await UntilAsync(ivyo, async () => (await admin.CoreV1.ListNamespacedPodAsync("zoo", fieldSelector: "metadata.name=" + pod)).Items.Count == 0,
                "the operator deletes the outdated pod"))
            {
                return;
            }

            await environment.AdminResources.DeleteAsync(OperatorEnvironment.Clusters, "zoo", "hippo", CancellationToken.None);
            await UntilAsync(ivyo, async () => (await admin.CoreV1.ListNamespacedEndpointsAsync("zoo", fieldSelector: "metadata.name=hippo-ha-config")).Items.Count == 0,
                "Patroni's Endpoints are removed");
        }

        /// <summary>The message of the cluster's condition <paramref name="type"/> when its reason is <paramref name="reason"/>.</summary>
        private static async Task<string?> ConditionMessageAsync(OperatorEnvironment environment, string type, string reason)
        {
            var cluster = (System.Text.Json.JsonElement)await environment.Admin.CustomObjects.GetNamespacedCustomObjectAsync(
                "ivory-operator.ivorysql.org", "v1beta1", "zoo", "ivoryclusters", "hippo");
            if (!cluster.TryGetProperty("status", out var status) || !status.TryGetProperty("conditions", out var conditions))
            {
                return null;
            }

            return conditions.EnumerateArray()
                .Where(c => c.GetProperty("type").GetString() == type && c.GetProperty("reason").GetString() == reason)
                .Select(c => c.GetProperty("message").GetString())
                .FirstOrDefault();
        }

        /// <summary>Waits for <paramref name="condition"/>; false (at once) when the operator was denied something.</summary>
        private static async Task<bool> UntilAsync(RunningOperator ivyo, Func<Task<bool>> condition, string what)
        {
            await Eventually.Until(async () => ivyo.Log.Denied.Count > 0 || await condition(), what + " (or a request is denied)", TimeSpan.FromSeconds(40));
            return ivyo.Log.Denied.Count == 0;
        }
    }
}
