namespace Ivyo.LocalCluster.Patching.Apply;

/// <summary>How server-side apply treats a list (<c>x-kubernetes-list-type</c>).</summary>
public enum ListType
{
    /// <summary>The list is one value: replaced whole, owned whole.</summary>
    Atomic,

    /// <summary>A set of primitives: items are merged by value and owned one by one (<c>v:</c> elements).</summary>
    Set,

    /// <summary>A list of objects identified by key fields: items are merged by key and owned field by field (<c>k:</c> elements).</summary>
    Map,
}
