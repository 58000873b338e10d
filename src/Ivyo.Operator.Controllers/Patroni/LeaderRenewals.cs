using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Ivyo.ControllerRuntime.Cache;

namespace Ivyo.Operator.Controllers.Patroni;

/// <summary>
/// When each Patroni leader lease was last seen renewed, on the operator's own clock: Patroni's leader writes a new
/// <c>renewTime</c> annotation every <c>loop_wait</c>, and the Endpoints informer shows each write. The holder's clock
/// is never compared with ours (nodes' clocks may disagree); only whether the value changed, and when we saw it. An
/// operator that starts afresh counts from its first sight, which only makes it wait longer.
/// </summary>
internal sealed class LeaderRenewals(TimeProvider time)
{
    private readonly ConcurrentDictionary<string, (string? RenewTime, DateTimeOffset SeenAt)> _seen = new(StringComparer.Ordinal);

    /// <summary>Records the lease's <c>renewTime</c> if it changed since it was last seen.</summary>
    public void Observe(JsonObject leader)
    {
        var renewTime = (string?)leader["metadata"]?["annotations"]?["renewTime"];
        var now = time.GetUtcNow();
        _seen.AddOrUpdate(ObjectKeys.Of(leader), _ => (renewTime, now), (_, seen) => seen.RenewTime == renewTime ? seen : (renewTime, now));
    }

    /// <summary>How long the lease has gone without a renewal that this operator saw.</summary>
    public TimeSpan SinceRenewal(JsonObject leader)
    {
        Observe(leader);
        return time.GetUtcNow() - _seen[ObjectKeys.Of(leader)].SeenAt;
    }

    /// <summary>Forgets a lease (its Endpoints are gone).</summary>
    public void Forget(JsonObject leader) => _seen.TryRemove(ObjectKeys.Of(leader), out _);
}
