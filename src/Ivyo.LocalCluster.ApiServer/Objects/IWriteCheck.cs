using System.Text.Json.Nodes;

namespace Ivyo.LocalCluster.ApiServer.Objects;

/// <summary>
/// A check a write must pass before anything is stored, after the request itself was authorized: on create with the
/// new object (<c>old</c> null), on every update attempt with the updated object (after the patch or replacement, before
/// defaulting and validation) and the current one, as Kubernetes' registries wrap an update's object info. It throws an
/// <see cref="Errors.ApiException"/> to refuse. RBAC's privilege-escalation prevention is one.
/// </summary>
public interface IWriteCheck
{
    /// <param name="namespace">The namespace of the write ("" for cluster-scoped resources).</param>
    void Check(string @namespace, JsonObject obj, JsonObject? old);
}
