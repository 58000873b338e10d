namespace Ivyo.LocalCluster.Patching.Apply;

/// <summary>
/// The server-side-apply type of one list: its <see cref="ListType"/> and, for a map list, its key fields
/// (<c>x-kubernetes-list-map-keys</c>) with the defaults of key fields a client may omit, as JSON text
/// (for example <c>protocol</c> defaults to <c>"TCP"</c> in container and service ports).
/// </summary>
public sealed record ListKind(ListType Type, IReadOnlyList<string> Keys, IReadOnlyDictionary<string, string> KeyDefaults)
{
    /// <summary>An atomic list.</summary>
    public static ListKind Atomic { get; } = new(ListType.Atomic, [], new Dictionary<string, string>());

    /// <summary>A set of primitives.</summary>
    public static ListKind Set { get; } = new(ListType.Set, [], new Dictionary<string, string>());

    /// <summary>A map list keyed by <paramref name="keys"/>.</summary>
    public static ListKind Map(params string[] keys) => new(ListType.Map, keys, new Dictionary<string, string>());

    /// <summary>A map list keyed by <paramref name="keys"/> whose omitted key fields take <paramref name="keyDefaults"/> (JSON text).</summary>
    public static ListKind Map(IReadOnlyList<string> keys, IReadOnlyDictionary<string, string> keyDefaults) =>
        new(ListType.Map, keys, keyDefaults);
}
