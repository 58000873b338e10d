using System.Text;
using System.Text.Json.Nodes;
using Ivyo.LocalCluster.ApiServer.Objects;
using Ivyo.LocalCluster.Auth;
using Ivyo.LocalCluster.Storage;

namespace Ivyo.LocalCluster.ApiServer.Security;

/// <summary>
/// Answers the token validator from the store: does the ServiceAccount, pod or Secret a token names still exist,
/// with the same uid? Reads are synchronous because the validator is; the store's reads complete quickly.
/// </summary>
public sealed class StoreTokenObjects(IObjectStore store) : IServiceAccountTokenObjects
{
    public string? ServiceAccountUid(string @namespace, string name) => Uid(Read("serviceaccounts", @namespace, name));

    public string? PodUid(string @namespace, string name) => Uid(Read("pods", @namespace, name));

    public string? SecretUid(string @namespace, string name) => Uid(Read("secrets", @namespace, name));

    public string? LegacySecretToken(string @namespace, string secretName) =>
        Read("secrets", @namespace, secretName) is { } secret && (string?)secret["data"]?["token"] is { } token
            ? Encoding.UTF8.GetString(Convert.FromBase64String(token))
            : null;

    private JsonObject? Read(string resource, string ns, string name) =>
        store.GetAsync(StorageKeys.Key("", resource, ns, name)).GetAwaiter().GetResult()?.Value;

    private static string? Uid(JsonObject? obj) =>
        obj is null || obj["metadata"]?["deletionTimestamp"] is not null ? null : (string?)obj["metadata"]?["uid"];
}
