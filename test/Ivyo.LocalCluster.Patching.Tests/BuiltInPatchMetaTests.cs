namespace Ivyo.LocalCluster.Patching.Tests;

public sealed class BuiltInPatchMetaTests
{
    [Theory]
    [InlineData("v1", "Pod", new[] { "spec", "containers" }, PatchStrategy.Merge, "name", false)]
    [InlineData("v1", "Pod", new[] { "spec", "initContainers" }, PatchStrategy.Merge, "name", false)]
    [InlineData("v1", "Pod", new[] { "spec", "ephemeralContainers" }, PatchStrategy.Merge, "name", false)]
    [InlineData("v1", "Pod", new[] { "spec", "volumes" }, PatchStrategy.Merge, "name", true)]
    [InlineData("v1", "Pod", new[] { "spec", "imagePullSecrets" }, PatchStrategy.Merge, "name", false)]
    [InlineData("v1", "Pod", new[] { "spec", "hostAliases" }, PatchStrategy.Merge, "ip", false)]
    [InlineData("v1", "Pod", new[] { "spec", "topologySpreadConstraints" }, PatchStrategy.Merge, "topologyKey", false)]
    [InlineData("v1", "Pod", new[] { "spec", "tolerations" }, PatchStrategy.None, null, false)]
    [InlineData("v1", "Pod", new[] { "spec", "containers", "ports" }, PatchStrategy.Merge, "containerPort", false)]
    [InlineData("v1", "Pod", new[] { "spec", "containers", "env" }, PatchStrategy.Merge, "name", false)]
    [InlineData("v1", "Pod", new[] { "spec", "containers", "volumeMounts" }, PatchStrategy.Merge, "mountPath", false)]
    [InlineData("v1", "Pod", new[] { "spec", "containers", "volumeDevices" }, PatchStrategy.Merge, "devicePath", false)]
    [InlineData("v1", "Pod", new[] { "spec", "containers", "envFrom" }, PatchStrategy.None, null, false)]
    [InlineData("v1", "Pod", new[] { "status", "conditions" }, PatchStrategy.Merge, "type", false)]
    [InlineData("v1", "Pod", new[] { "metadata", "ownerReferences" }, PatchStrategy.Merge, "uid", false)]
    [InlineData("v1", "Pod", new[] { "metadata", "finalizers" }, PatchStrategy.Merge, null, false)]
    [InlineData("v1", "Node", new[] { "status", "conditions" }, PatchStrategy.Merge, "type", false)]
    [InlineData("v1", "Node", new[] { "status", "addresses" }, PatchStrategy.Merge, "type", false)]
    [InlineData("v1", "Service", new[] { "spec", "ports" }, PatchStrategy.Merge, "port", false)]
    [InlineData("v1", "Endpoints", new[] { "subsets" }, PatchStrategy.None, null, false)]
    [InlineData("apps/v1", "StatefulSet", new[] { "spec", "template", "spec", "containers" }, PatchStrategy.Merge, "name", false)]
    [InlineData("apps/v1", "Deployment", new[] { "spec", "template", "spec", "containers", "env" }, PatchStrategy.Merge, "name", false)]
    [InlineData("apps/v1", "DaemonSet", new[] { "spec", "template", "spec", "volumes" }, PatchStrategy.Merge, "name", true)]
    [InlineData("apps/v1", "ReplicaSet", new[] { "status", "conditions" }, PatchStrategy.Merge, "type", false)]
    [InlineData("batch/v1", "Job", new[] { "spec", "template", "spec", "containers" }, PatchStrategy.Merge, "name", false)]
    [InlineData("batch/v1", "CronJob", new[] { "spec", "jobTemplate", "spec", "template", "spec", "containers" }, PatchStrategy.Merge, "name", false)]
    [InlineData("policy/v1", "PodDisruptionBudget", new[] { "status", "conditions" }, PatchStrategy.Merge, "type", false)]
    [InlineData("v1", "PersistentVolumeClaim", new[] { "status", "conditions" }, PatchStrategy.Merge, "type", false)]
    [InlineData("rbac.authorization.k8s.io/v1", "ClusterRole", new[] { "rules" }, PatchStrategy.None, null, false)]
    [InlineData("rbac.authorization.k8s.io/v1", "RoleBinding", new[] { "subjects" }, PatchStrategy.None, null, false)]
    [InlineData("coordination.k8s.io/v1", "Lease", new[] { "spec", "holderIdentity" }, PatchStrategy.None, null, false)]
    [InlineData("v1", "ConfigMap", new[] { "data" }, PatchStrategy.None, null, false)]
    [InlineData("apiextensions.k8s.io/v1", "CustomResourceDefinition", new[] { "spec", "versions" }, PatchStrategy.None, null, false)]
    [InlineData("apiextensions.k8s.io/v1", "CustomResourceDefinition", new[] { "metadata", "ownerReferences" }, PatchStrategy.Merge, "uid", false)]
    [InlineData("storage.k8s.io/v1", "StorageClass", new[] { "mountOptions" }, PatchStrategy.None, null, false)]
    [InlineData("v1", "ComponentStatus", new[] { "conditions" }, PatchStrategy.Merge, "type", false)]
    public void Field_tags_match_kubernetes(string apiVersion, string kind, string[] path, PatchStrategy strategy, string? mergeKey, bool retainKeys)
    {
        var field = BuiltInPatchMeta.For(apiVersion, kind).GetField(path);
        Assert.Equal(new FieldPatchMeta(strategy, mergeKey, retainKeys), field);
    }

    [Fact]
    public void Custom_resources_get_415_with_the_kubernetes_message()
    {
        Assert.False(BuiltInPatchMeta.TryGet("ivory-operator.ivorysql.org/v1beta1", "IvoryCluster", out _));
        var error = Assert.Throws<PatchException>(() => BuiltInPatchMeta.For("ivory-operator.ivorysql.org/v1beta1", "IvoryCluster"));
        Assert.Equal(PatchErrorKind.UnsupportedMediaType, error.Kind);
        Assert.Equal(415, error.StatusCode);
        Assert.Equal("the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml", error.Message);
    }
}
