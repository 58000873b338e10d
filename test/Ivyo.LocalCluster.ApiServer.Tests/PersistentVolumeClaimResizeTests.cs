using System.Net;
using System.Text.Json.Nodes;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace Ivyo.LocalCluster.ApiServer.Tests;

/// <summary>A bound claim's storage request may grow but not go down to its status.capacity: 422 Invalid, as Kubernetes 1.32.</summary>
public sealed class PersistentVolumeClaimResizeTests : IClassFixture<TestServer>
{
    private readonly TestServer _server;

    public PersistentVolumeClaimResizeTests(TestServer server) => _server = server;

    [Fact]
    public async Task Shrinking_a_bound_claim_below_its_capacity_is_422_and_growing_it_is_allowed()
    {
        var ns = "pvc-" + Guid.NewGuid().ToString("N")[..8];
        await _server.Client.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = ns } });
        var claim = await _server.Client.CoreV1.CreateNamespacedPersistentVolumeClaimAsync(new V1PersistentVolumeClaim
        {
            Metadata = new V1ObjectMeta { Name = "data" },
            Spec = new V1PersistentVolumeClaimSpec
            {
                AccessModes = ["ReadWriteOnce"],
                StorageClassName = "standard",
                Resources = new V1VolumeResourceRequirements { Requests = new Dictionary<string, ResourceQuantity> { ["storage"] = new("2Gi") } },
            },
        }, ns);
        claim.Spec.VolumeName = "pv-data";
        claim = await _server.Client.CoreV1.ReplaceNamespacedPersistentVolumeClaimAsync(claim, "data", ns);
        claim.Status = new V1PersistentVolumeClaimStatus
        {
            Phase = "Bound",
            AccessModes = ["ReadWriteOnce"],
            Capacity = new Dictionary<string, ResourceQuantity> { ["storage"] = new("2Gi") },
        };
        claim = await _server.Client.CoreV1.ReplaceNamespacedPersistentVolumeClaimStatusAsync(claim, "data", ns);

        claim.Spec.Resources.Requests["storage"] = new ResourceQuantity("1Gi");
        var error = await Assert.ThrowsAsync<HttpOperationException>(() => _server.Client.CoreV1.ReplaceNamespacedPersistentVolumeClaimAsync(claim, "data", ns));

        Assert.Equal((HttpStatusCode)422, error.Response.StatusCode);
        var status = JsonNode.Parse(error.Response.Content)!;
        Assert.Equal("Invalid", (string?)status["reason"]);
        Assert.Equal(
            "PersistentVolumeClaim \"data\" is invalid: spec.resources.requests.storage: Forbidden: field can not be less than status.capacity",
            (string?)status["message"]);
        var cause = Assert.Single(status["details"]!["causes"]!.AsArray())!;
        Assert.Equal("spec.resources.requests.storage", (string?)cause["field"]);
        Assert.Equal("Forbidden: field can not be less than status.capacity", (string?)cause["message"]);

        claim.Spec.Resources.Requests["storage"] = new ResourceQuantity("3Gi");
        var grown = await _server.Client.CoreV1.ReplaceNamespacedPersistentVolumeClaimAsync(claim, "data", ns);
        Assert.Equal("3Gi", grown.Spec.Resources.Requests["storage"].ToString());
    }
}
