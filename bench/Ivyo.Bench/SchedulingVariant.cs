namespace Ivyo.Bench;

/// <summary>What the measured pods ask of the scheduler besides their resource requests.</summary>
public enum SchedulingVariant
{
    /// <summary>Nothing: NodeResourcesFit, the default scores.</summary>
    ResourcesOnly,

    /// <summary>A topologySpreadConstraint over <c>topology.kubernetes.io/zone</c>, maxSkew 1, DoNotSchedule.</summary>
    ZoneSpread,

    /// <summary>Preferred pod anti-affinity (weight 100) against pods of the same label on the same hostname.</summary>
    PreferredAntiAffinity,
}
