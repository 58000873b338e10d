namespace Ivyo.LocalCluster.ApiServer.Objects;

/// <summary>Where an object lives in the store: <c>/registry/{group}/{resource}/{namespace}/{name}</c>.</summary>
public static class StorageKeys
{
    public static string Prefix(string group, string resource, string? ns) =>
        $"/registry/{(group.Length == 0 ? "core" : group)}/{resource}/" + (string.IsNullOrEmpty(ns) ? "" : ns + "/");

    public static string Key(string group, string resource, string? ns, string name) => Prefix(group, resource, ns) + name;
}
