using Ivyo.LocalCluster.Auth;

namespace Ivyo.LocalCluster.Auth.Tests;

/// <summary>The API server's objects, keyed "namespace/name" → uid (or token for legacy Secrets).</summary>
internal sealed class FakeTokenObjects : IServiceAccountTokenObjects
{
    public Dictionary<string, string> ServiceAccounts { get; } = [];
    public Dictionary<string, string> Pods { get; } = [];
    public Dictionary<string, string> Secrets { get; } = [];
    public Dictionary<string, string> LegacyTokens { get; } = [];

    public string? ServiceAccountUid(string @namespace, string name) => ServiceAccounts.GetValueOrDefault(@namespace + "/" + name);

    public string? PodUid(string @namespace, string name) => Pods.GetValueOrDefault(@namespace + "/" + name);

    public string? SecretUid(string @namespace, string name) => Secrets.GetValueOrDefault(@namespace + "/" + name);

    public string? LegacySecretToken(string @namespace, string secretName) => LegacyTokens.GetValueOrDefault(@namespace + "/" + secretName);
}
