using Ivyo.Operator.Controllers.Tests.Infrastructure;
using k8s;
using k8s.Models;

namespace Ivyo.Operator.Controllers.Tests;

/// <summary>
/// What the schema cannot catch, the operator refuses with a Warning event and the <c>SpecValid</c> condition, and the
/// running cluster is left exactly as it was.
/// </summary>
public sealed class InvalidSpecTests
{
    [Fact]
    public async Task A_standby_with_nothing_to_follow_is_refused_and_the_running_cluster_is_untouched()
    {
        await using var environment = await OperatorEnvironment.StartAsync();
        await environment.CreateNamespaceAsync("zoo");
        var ivyo = await environment.StartOperatorAsync();
        await environment.CreateClusterAsync("zoo", TestManifests.Hippo());
        await ReconcileTests.WaitForConvergenceAsync(ivyo);
        var before = await ObjectVersionsAsync(environment);

        await environment.Admin.CustomObjects.PatchNamespacedCustomObjectAsync(
            new V1Patch("""{"spec":{"standby":{"enabled":true}}}""", V1Patch.PatchType.MergePatch),
            "ivory-operator.ivorysql.org", "v1beta1", "zoo", "ivoryclusters", "hippo");

        const string Expected = "spec.standby: Invalid value: enabled with neither host nor repoName: a standby follows a pgBackRest repository "
            + "(spec.standby.repoName) or streams from a server (spec.standby.host)";
        var events = await Eventually.Get(() => environment.Admin.CoreV1.ListNamespacedEventAsync("zoo"),
            list => list.Items.Any(e => e.Reason == "InvalidSpec"), "a Warning event says what is wrong");
        var warning = events.Items.Single(e => e.Reason == "InvalidSpec");
        Assert.Equal(("Warning", Expected, "IvoryCluster", "hippo"), (warning.Type, warning.Message, warning.InvolvedObject.Kind, warning.InvolvedObject.Name));

        await Eventually.Until(async () =>
        {
            var cluster = await environment.AdminResources.GetAsync(OperatorEnvironment.Clusters, "zoo", "hippo", CancellationToken.None);
            var conditions = cluster!["status"]?["conditions"]?.AsArray() ?? [];
            return conditions.Any(c => (string?)c?["type"] == "SpecValid" && (string?)c?["status"] == "False" && (string?)c?["message"] == Expected);
        }, "the SpecValid condition is False with the message");

        await ReconcileTests.WaitForConvergenceAsync(ivyo);
        Assert.Equal(before, await ObjectVersionsAsync(environment));

        // Fixed, the cluster is reconciled again and the condition goes away.
        await environment.Admin.CustomObjects.PatchNamespacedCustomObjectAsync(
            new V1Patch("""{"spec":{"standby":null}}""", V1Patch.PatchType.MergePatch),
            "ivory-operator.ivorysql.org", "v1beta1", "zoo", "ivoryclusters", "hippo");
        await Eventually.Until(async () =>
        {
            var cluster = await environment.AdminResources.GetAsync(OperatorEnvironment.Clusters, "zoo", "hippo", CancellationToken.None);
            return (cluster!["status"]?["conditions"]?.AsArray() ?? []).All(c => (string?)c?["type"] != "SpecValid");
        }, "the SpecValid condition is gone");
        Assert.Empty(ivyo.Log.Denied);
    }

    private static async Task<Dictionary<string, string>> ObjectVersionsAsync(OperatorEnvironment environment)
    {
        var admin = environment.Admin;
        var versions = new Dictionary<string, string>();
        foreach (var item in (await admin.AppsV1.ListNamespacedStatefulSetAsync("zoo")).Items)
        {
            versions["StatefulSet/" + item.Metadata.Name] = item.Metadata.ResourceVersion;
        }

        foreach (var item in (await admin.CoreV1.ListNamespacedConfigMapAsync("zoo")).Items)
        {
            versions["ConfigMap/" + item.Metadata.Name] = item.Metadata.ResourceVersion;
        }

        foreach (var item in (await admin.CoreV1.ListNamespacedSecretAsync("zoo")).Items)
        {
            versions["Secret/" + item.Metadata.Name] = item.Metadata.ResourceVersion;
        }

        return versions;
    }
}
