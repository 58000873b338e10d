using k8s.Models;

namespace Ivyo.LocalCluster.Scheduler.Framework;

/// <summary>
/// Amounts of compute resources in the units kube-scheduler's <c>framework.Resource</c> counts them: CPU in millicores,
/// memory and ephemeral storage in bytes, other (extended, hugepages) resources as integers, plus the allowed pod count.
/// </summary>
public sealed record ResourceAmounts
{
    public long MilliCpu { get; init; }

    public long Memory { get; init; }

    public long EphemeralStorage { get; init; }

    public int AllowedPods { get; init; }

    public IReadOnlyDictionary<string, long> Scalar { get; init; } = new Dictionary<string, long>();

    public static ResourceAmounts Zero { get; } = new();

    public bool IsZero => MilliCpu == 0 && Memory == 0 && EphemeralStorage == 0 && Scalar.Count == 0;

    /// <summary>Reads a resource list such as <c>status.allocatable</c> or a container's requests.</summary>
    public static ResourceAmounts From(IDictionary<string, ResourceQuantity>? list)
    {
        if (list is null || list.Count == 0)
        {
            return Zero;
        }

        long cpu = 0, memory = 0, storage = 0;
        var pods = 0;
        var scalar = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var (name, quantity) in list)
        {
            switch (name)
            {
                case "cpu":
                    cpu = Milli(quantity);
                    break;
                case "memory":
                    memory = Whole(quantity);
                    break;
                case "ephemeral-storage":
                    storage = Whole(quantity);
                    break;
                case "pods":
                    pods = (int)Whole(quantity);
                    break;
                default:
                    scalar[name] = Whole(quantity);
                    break;
            }
        }

        return new ResourceAmounts { MilliCpu = cpu, Memory = memory, EphemeralStorage = storage, AllowedPods = pods, Scalar = scalar };
    }

    /// <summary>The quantity in thousandths, rounded up, as <c>Quantity.MilliValue()</c>.</summary>
    public static long Milli(ResourceQuantity quantity) => (long)Math.Ceiling(quantity.ToDecimal() * 1000m);

    /// <summary>The quantity rounded up to a whole number, as <c>Quantity.Value()</c>.</summary>
    public static long Whole(ResourceQuantity quantity) => (long)Math.Ceiling(quantity.ToDecimal());

    public ResourceAmounts Add(ResourceAmounts other) => Combine(other, (a, b) => a + b);

    public ResourceAmounts Max(ResourceAmounts other) => Combine(other, Math.Max);

    private ResourceAmounts Combine(ResourceAmounts other, Func<long, long, long> op)
    {
        var scalar = new Dictionary<string, long>(Scalar, StringComparer.Ordinal);
        foreach (var (name, value) in other.Scalar)
        {
            scalar[name] = op(scalar.GetValueOrDefault(name), value);
        }

        return new ResourceAmounts
        {
            MilliCpu = op(MilliCpu, other.MilliCpu),
            Memory = op(Memory, other.Memory),
            EphemeralStorage = op(EphemeralStorage, other.EphemeralStorage),
            AllowedPods = (int)op(AllowedPods, other.AllowedPods),
            Scalar = scalar,
        };
    }
}
