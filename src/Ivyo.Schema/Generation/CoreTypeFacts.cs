namespace Ivyo.Schema.Generation;

/// <summary>A lookup of <see cref="CoreTypeFact"/> by type.</summary>
public sealed class CoreTypeFacts
{
    private readonly Dictionary<Type, CoreTypeFact> _facts;

    public CoreTypeFacts(IEnumerable<CoreTypeFact> facts)
    {
        ArgumentNullException.ThrowIfNull(facts);
        _facts = facts.ToDictionary(f => f.Type);
    }

    /// <summary>The facts of the Kubernetes core types IVYO embeds (see <see cref="KubernetesCoreFacts"/>).</summary>
    public static CoreTypeFacts Kubernetes { get; } = new(KubernetesCoreFacts.All());

    /// <summary>No facts: core types get only what reflection tells.</summary>
    public static CoreTypeFacts None { get; } = new([]);

    public IEnumerable<CoreTypeFact> All => _facts.Values;

    public CoreTypeFact? Find(Type type) => _facts.GetValueOrDefault(type);
}
