using System.Text.Json.Nodes;
using Ivyo.LocalCluster.ApiServer.Objects;
using Ivyo.LocalCluster.Storage;

namespace Ivyo.LocalCluster.ApiServer.Strategies;

/// <summary>
/// The ServiceAccount admission plugin's token mount: unless the pod or its ServiceAccount sets
/// <c>automountServiceAccountToken: false</c>, a pod gets the projected volume <c>kube-api-access-xxxxx</c> (a bound
/// token, the cluster CA from the <c>kube-root-ca.crt</c> ConfigMap, and its namespace) mounted read-only at
/// <c>/var/run/secrets/kubernetes.io/serviceaccount</c> in every container that has nothing there. This is how
/// in-cluster clients such as Patroni find their credentials.
/// Unlike kube-apiserver, a pod whose ServiceAccount does not exist (yet) is admitted: tests create pods right after
/// their namespace, before the ServiceAccount controller has made <c>default</c>.
/// </summary>
public sealed class ServiceAccountAdmission(IObjectStore store)
{
    public const string MountPath = "/var/run/secrets/kubernetes.io/serviceaccount";

    private const string Alphabet = "bcdfghjklmnpqrstvwxz2456789";

    public async Task AdmitAsync(JsonObject pod, CancellationToken cancellationToken)
    {
        if (pod["spec"] is not JsonObject spec)
        {
            return;
        }

        var automount = (bool?)spec["automountServiceAccountToken"];
        if (automount is null)
        {
            var ns = ObjectMetadata.Namespace(pod);
            var name = (string?)spec["serviceAccountName"] ?? "default";
            var account = await store.GetAsync(StorageKeys.Key("", "serviceaccounts", ns, name), cancellationToken);
            automount = (bool?)account?.Value["automountServiceAccountToken"];
        }

        if (automount == false)
        {
            return;
        }

        var containers = ((string[])["initContainers", "containers"]).SelectMany(kind => spec[kind] as JsonArray ?? []).OfType<JsonObject>().ToList();
        if (containers.All(HasMount))
        {
            return;
        }

        var volumeName = "kube-api-access-" + new string(Enumerable.Range(0, 5).Select(_ => Alphabet[Random.Shared.Next(Alphabet.Length)]).ToArray());
        var volumes = spec["volumes"] as JsonArray ?? new JsonArray();
        spec["volumes"] = volumes;
        volumes.Add(Volume(volumeName));
        foreach (var container in containers.Where(c => !HasMount(c)))
        {
            var mounts = container["volumeMounts"] as JsonArray ?? new JsonArray();
            container["volumeMounts"] = mounts;
            mounts.Add(new JsonObject { ["name"] = volumeName, ["readOnly"] = true, ["mountPath"] = MountPath });
        }
    }

    private static bool HasMount(JsonObject container) =>
        (container["volumeMounts"] as JsonArray ?? []).Any(m => (string?)m?["mountPath"] == MountPath);

    private static JsonObject Volume(string name) => new()
    {
        ["name"] = name,
        ["projected"] = new JsonObject
        {
            ["defaultMode"] = 420,
            ["sources"] = new JsonArray(
                new JsonObject { ["serviceAccountToken"] = new JsonObject { ["expirationSeconds"] = 3607, ["path"] = "token" } },
                new JsonObject
                {
                    ["configMap"] = new JsonObject
                    {
                        ["name"] = "kube-root-ca.crt",
                        ["items"] = new JsonArray(new JsonObject { ["key"] = "ca.crt", ["path"] = "ca.crt" }),
                    },
                },
                new JsonObject
                {
                    ["downwardAPI"] = new JsonObject
                    {
                        ["items"] = new JsonArray(new JsonObject
                        {
                            ["path"] = "namespace",
                            ["fieldRef"] = new JsonObject { ["apiVersion"] = "v1", ["fieldPath"] = "metadata.namespace" },
                        }),
                    },
                }),
        },
    };
}
