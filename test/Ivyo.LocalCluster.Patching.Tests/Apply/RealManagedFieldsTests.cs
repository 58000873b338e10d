using System.Text.Json.Nodes;
using Ivyo.LocalCluster.Patching.Apply;

namespace Ivyo.LocalCluster.Patching.Tests.Apply;

/// <summary>Checks against managedFields and 409 bodies recorded from real API servers.</summary>
public sealed class RealManagedFieldsTests
{
    // A Pod created by `kubectl apply` (client-side) as a 2022 API server recorded it (seen in an admission review):
    // the Update entry of kubectl-client-side-apply, with "." for the maps and items the create added.
    private const string KubectlClientSideApplyPodFields = """
        {"f:metadata":{"f:annotations":{".":{},"f:kubectl.kubernetes.io/last-applied-configuration":{}}},"f:spec":{"f:containers":{"k:{\"name\":\"nginx\"}":{".":{},"f:image":{},"f:imagePullPolicy":{},"f:name":{},"f:ports":{".":{},"k:{\"containerPort\":80,\"protocol\":\"TCP\"}":{".":{},"f:containerPort":{},"f:protocol":{}}},"f:resources":{},"f:terminationMessagePath":{},"f:terminationMessagePolicy":{}}},"f:dnsPolicy":{},"f:enableServiceLinks":{},"f:restartPolicy":{},"f:schedulerName":{},"f:securityContext":{},"f:terminationGracePeriodSeconds":{}}}
        """;

    // The same Pod after defaulting, before admission plugins added volumes, tolerations and priority.
    private const string DefaultedPod = """
        {"kind":"Pod","apiVersion":"v1",
         "metadata":{"name":"nginx","namespace":"default","uid":"eae00ed2-72d2-4ab4-9012-51ba11a284d0","creationTimestamp":"2022-09-14T20:33:50Z",
           "annotations":{"kubectl.kubernetes.io/last-applied-configuration":"{}\n"}},
         "spec":{"containers":[{"name":"nginx","image":"nginx:1.14.2","ports":[{"containerPort":80,"protocol":"TCP"}],"resources":{},
             "terminationMessagePath":"/dev/termination-log","terminationMessagePolicy":"File","imagePullPolicy":"IfNotPresent"}],
           "restartPolicy":"Always","terminationGracePeriodSeconds":30,"dnsPolicy":"ClusterFirst","securityContext":{},
           "schedulerName":"default-scheduler","enableServiceLinks":true}}
        """;

    [Fact]
    public void Create_records_the_update_entry_kubernetes_records()
    {
        var created = ManagedFields.RecordUpdate(
            null,
            (JsonObject)JsonAssert.Parse(DefaultedPod),
            "kubectl-client-side-apply",
            "v1",
            new DateTimeOffset(2022, 9, 14, 20, 33, 50, TimeSpan.Zero),
            BuiltInListTypes.For("v1", "Pod")!);

        JsonAssert.SameText(
            $$"""[{"manager":"kubectl-client-side-apply","operation":"Update","apiVersion":"v1","time":"2022-09-14T20:33:50Z","fieldsType":"FieldsV1","fieldsV1":{{KubectlClientSideApplyPodFields}}}]""",
            created["metadata"]!["managedFields"]);
    }

    [Fact]
    public void Deployment_create_owns_pointer_structs_but_not_value_structs()
    {
        // As in `kubectl create deployment nginx` managedFields: strategy is a struct (no "."), rollingUpdate a
        // pointer ("."), the atomic selector a leaf.
        var deployment = (JsonObject)JsonAssert.Parse("""
            {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"nginx","labels":{"run":"nginx"}},
             "spec":{"replicas":1,"selector":{"matchLabels":{"run":"nginx"}},
               "strategy":{"type":"RollingUpdate","rollingUpdate":{"maxUnavailable":"25%","maxSurge":"25%"}},
               "template":{"metadata":{"labels":{"run":"nginx"}},"spec":{"containers":[{"name":"nginx","image":"nginx"}]}}}}
            """);
        var created = ManagedFields.RecordUpdate(null, deployment, "kubectl-create", "apps/v1", DateTimeOffset.UnixEpoch, BuiltInListTypes.For("apps/v1", "Deployment")!);

        JsonAssert.SameText(
            """{"f:metadata":{"f:labels":{".":{},"f:run":{}}},"f:spec":{"f:replicas":{},"f:selector":{},"f:strategy":{"f:rollingUpdate":{".":{},"f:maxSurge":{},"f:maxUnavailable":{}},"f:type":{}},"f:template":{"f:metadata":{"f:labels":{".":{},"f:run":{}}},"f:spec":{"f:containers":{"k:{\"name\":\"nginx\"}":{".":{},"f:image":{},"f:name":{}}}}}}}""",
            Assert.Single(ManagedFields.Read(created)).Fields.ToFieldsV1());
    }

    [Fact]
    public void Recorded_fields_decode_and_encode_to_the_same_text()
    {
        var fields = FieldSet.FromFieldsV1((JsonObject)JsonAssert.Parse(KubectlClientSideApplyPodFields));
        JsonAssert.SameText(KubectlClientSideApplyPodFields, fields.ToFieldsV1());
        Assert.True(fields.Contains(["f:spec", "f:containers", "k:{\"name\":\"nginx\"}", "f:ports", "k:{\"containerPort\":80,\"protocol\":\"TCP\"}"]));
    }

    [Fact]
    public void Conflict_status_matches_a_real_409()
    {
        // `kubectl apply --server-side` of a CRD first created by client-side apply; CRD versions is an atomic list.
        var types = new SchemaListTypes(new JsonObject());
        var crd = (JsonObject)JsonAssert.Parse("""{"apiVersion":"apiextensions.k8s.io/v1","kind":"CustomResourceDefinition","metadata":{"name":"x.example.com"},"spec":{"versions":[{"name":"v1"}]}}""");
        var live = ManagedFields.RecordUpdate(null, crd, "kubectl-client-side-apply", "apiextensions.k8s.io/v1", DateTimeOffset.UnixEpoch, types);
        var applied = (JsonObject)crd.DeepClone();
        applied["spec"]!["versions"] = JsonAssert.Parse("""[{"name":"v1"},{"name":"v2"}]""");

        var result = ServerSideApply.Apply(live, applied, new ApplyOptions("kubectl", "apiextensions.k8s.io/v1", false, DateTimeOffset.UnixEpoch), types);

        JsonAssert.SameText(
            """{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"Apply failed with 1 conflict: conflict with \"kubectl-client-side-apply\" using apiextensions.k8s.io/v1: .spec.versions","reason":"Conflict","details":{"causes":[{"reason":"FieldManagerConflict","message":"conflict with \"kubectl-client-side-apply\" using apiextensions.k8s.io/v1","field":".spec.versions"}]},"code":409}""",
            ApplyConflicts.ToStatus(result.Conflicts));
    }
}
