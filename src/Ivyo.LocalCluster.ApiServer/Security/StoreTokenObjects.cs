using System.Text;
using System.Text.Json.Nodes;
using Ivyo.LocalCluster.ApiServer.Objects;
using Ivyo.LocalCluster.Auth;
using Ivyo.LocalCluster.Storage;

namespace Ivyo.LocalCluster.ApiServer.Security;

/// <summary>
/// Answers the token validator from the store: does the ServiceAccount, pod or Secret a token names still exist,
/// with the same uid? Reads are synchronous because the validator is; the store's reads complete quickly.
/// As kube-apiserver's validator, an object being deleted still counts until a minute (the JWT leeway) after its
/// deletionTimestamp: a pod in graceful termination, whose deletionTimestamp lies in the future, keeps its token, so
/// that Patroni can release its leader key while it stops.
/// </summary>
public sealed class StoreTokenObjects(IObjectStore store, TimeProvider time) : IServiceAccountTokenObjects
{
    /// <summary>kube-apiserver's leeway (go-jose's <c>jwt.DefaultLeeway</c>).</summary>
    public static readonly TimeSpan Leeway = TimeSpan.FromMinutes(1);

    public string? ServiceAccountUid(string @namespace, string name) => Uid(Read("serviceaccounts", @namespace, name));

    public string? PodUid(string @namespace, string name) => Uid(Read("pods", @namespace, name));

    public string? SecretUid(string @namespace, string name) => Uid(Read("secrets", @namespace, name));

    public string? LegacySecretToken(string @namespace, string secretName) =>
        Read("secrets", @namespace, secretName) is { } secret && (string?)secret["data"]?["token"] is { } token
            ? Encoding.UTF8.GetString(Convert.FromBase64String(token))
            : null;

    private JsonObject? Read(string resource, string ns, string name) =>
        store.GetAsync(StorageKeys.Key("", resource, ns, name)).GetAwaiter().GetResult()?.Value;

    private string? Uid(JsonObject? obj)
    {
        if (obj is null)
        {
            return null;
        }

        if ((string?)obj["metadata"]?["deletionTimestamp"] is { } deletion
            && DateTimeOffset.Parse(deletion, System.Globalization.CultureInfo.InvariantCulture) < time.GetUtcNow() - Leeway)
        {
            return null;
        }

        return (string?)obj["metadata"]?["uid"];
    }
}
