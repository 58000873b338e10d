using System.Collections.Frozen;

namespace Ivyo.LocalCluster.Patching.Apply;

/// <summary>
/// The <c>+listType</c>/<c>+listMapKey</c> markers of built-in kinds that say something else than their
/// strategic-merge-patch tags, by apiVersion and kind and dotted field path (list items transparent). Server-side apply
/// reads the OpenAPI, where an explicit <c>x-kubernetes-list-type</c> wins over <c>x-kubernetes-patch-strategy</c>;
/// a list with neither is atomic.
/// </summary>
internal static class BuiltInListMarkers
{
    private static readonly FrozenDictionary<string, ListKind> s_none = FrozenDictionary<string, ListKind>.Empty;

    private static readonly FrozenDictionary<(string ApiVersion, string Kind), FrozenDictionary<string, ListKind>> s_kinds =
        new Dictionary<(string, string), FrozenDictionary<string, ListKind>>
        {
            // apiextensions/v1 CustomResourceDefinitionStatus.conditions: +listType=map +listMapKey=type (no patch tags).
            // spec.versions, names.shortNames, names.categories, conversion.webhook.conversionReviewVersions,
            // versions[].additionalPrinterColumns and selectableFields, status.storedVersions: +listType=atomic.
            [("apiextensions.k8s.io/v1", "CustomResourceDefinition")] = Paths(("status.conditions", ListKind.Map("type"))),

            // batch/v1 JobStatus.conditions: `patchStrategy:"merge" patchMergeKey:"type"` but +listType=atomic.
            [("batch/v1", "Job")] = Paths(("status.conditions", ListKind.Atomic)),
        }.ToFrozenDictionary();

    /// <summary>The markers of a kind that differ from its patch tags (none for most kinds).</summary>
    public static FrozenDictionary<string, ListKind> For(string apiVersion, string kind) =>
        s_kinds.TryGetValue((apiVersion, kind), out var paths) ? paths : s_none;

    private static FrozenDictionary<string, ListKind> Paths(params (string Path, ListKind Kind)[] paths) =>
        paths.ToFrozenDictionary(p => p.Path, p => p.Kind, StringComparer.Ordinal);
}
