using System.Text.Json.Nodes;
using Ivyo.LocalCluster.Registry.Json;

namespace Ivyo.LocalCluster.Registry.Catalog;

/// <summary>
/// A resource the server serves, with the values of Kubernetes' API discovery (metav1.APIResource): plural and
/// singular names, kind, scope, verbs, short names, categories and subresources.
/// </summary>
/// <param name="Group">The API group, "" for the core group.</param>
/// <param name="Version">The version, such as <c>v1</c>.</param>
/// <param name="Resource">The plural resource name used in URLs.</param>
/// <param name="Kind">The kind of its objects.</param>
/// <param name="SingularName">The singular name kubectl accepts.</param>
/// <param name="Namespaced">Whether objects live in namespaces.</param>
/// <param name="Verbs">The verbs discovery reports.</param>
/// <param name="ShortNames">The short names, such as <c>svc</c>.</param>
/// <param name="Categories">The categories, such as <c>all</c>.</param>
/// <param name="Subresources">The subresources, such as <c>status</c>.</param>
public sealed record ResourceType(
    string Group,
    string Version,
    string Resource,
    string Kind,
    string SingularName,
    bool Namespaced,
    IReadOnlyList<string> Verbs,
    IReadOnlyList<string> ShortNames,
    IReadOnlyList<string> Categories,
    IReadOnlyList<Subresource> Subresources)
{
    /// <summary>The columns of a custom resource's table, from its CRD version; null for built-in resources.</summary>
    public IReadOnlyList<PrinterColumn>? PrinterColumns { get; init; }

    /// <summary>Whether the type comes from a CustomResourceDefinition.</summary>
    public bool IsCustomResource { get; init; }

    /// <summary>For custom resources, whether this version is the CRD's storage version.</summary>
    public bool IsStorageVersion { get; init; }

    /// <summary>The apiVersion of its objects: <c>v1</c> or <c>group/version</c>.</summary>
    public string ApiVersion => Group.Length == 0 ? Version : Group + "/" + Version;

    /// <summary>The list kind, such as <c>PodList</c>.</summary>
    public string ListKind { get; init; } = Kind + "List";

    /// <summary>Whether the resource has the named subresource.</summary>
    public bool HasSubresource(string name) => Subresources.Any(s => s.Name == name);

    /// <summary>
    /// The resource types of a CustomResourceDefinition (apiextensions.k8s.io/v1): one per served version, with its
    /// subresources and printer columns. A version without additionalPrinterColumns gets the Age column, as the
    /// apiextensions server does.
    /// </summary>
    public static IReadOnlyList<ResourceType> FromCrd(JsonObject crd)
    {
        ArgumentNullException.ThrowIfNull(crd);
        var spec = JsonAccess.Object(crd, "spec") ?? new JsonObject();
        var names = JsonAccess.Object(spec, "names") ?? new JsonObject();
        var group = JsonAccess.String(spec, "group") ?? string.Empty;
        var kind = JsonAccess.String(names, "kind") ?? string.Empty;
        var plural = JsonAccess.String(names, "plural") ?? string.Empty;
        var singular = JsonAccess.String(names, "singular") is { Length: > 0 } s ? s : kind.ToLowerInvariant();
        var listKind = JsonAccess.String(names, "listKind") is { Length: > 0 } l ? l : kind + "List";
        var namespaced = JsonAccess.String(spec, "scope") != "Cluster";
        var shortNames = JsonAccess.Strings(names, "shortNames");
        var categories = JsonAccess.Strings(names, "categories");

        var result = new List<ResourceType>();
        foreach (var version in JsonAccess.Objects(spec, "versions"))
        {
            if (JsonAccess.Boolean(version, "served") == false)
            {
                continue;
            }

            var subresources = new List<Subresource>();
            var declared = JsonAccess.Object(version, "subresources");
            if (declared?["status"] is JsonObject)
            {
                subresources.Add(new Subresource("status", kind, Catalog.Verbs.GetPatchUpdate));
            }

            if (declared?["scale"] is JsonObject)
            {
                subresources.Add(new Subresource("scale", "Scale", Catalog.Verbs.GetPatchUpdate, "autoscaling", "v1"));
            }

            var columns = JsonAccess.Objects(version, "additionalPrinterColumns")
                .Select(c => new PrinterColumn(
                    JsonAccess.String(c, "name") ?? string.Empty,
                    JsonAccess.String(c, "type") ?? "string",
                    JsonAccess.String(c, "format") ?? string.Empty,
                    JsonAccess.String(c, "description") ?? string.Empty,
                    (int)(JsonAccess.Integer(c, "priority") ?? 0),
                    JsonAccess.String(c, "jsonPath") ?? string.Empty))
                .ToList();
            if (columns.Count == 0)
            {
                // apiextensions-apiserver GetColumnsForVersion: the default column when none are declared.
                columns.Add(new PrinterColumn("Age", "date", string.Empty, ObjectMetaDocs.CreationTimestamp, 0, ".metadata.creationTimestamp"));
            }

            result.Add(new ResourceType(group, JsonAccess.String(version, "name") ?? string.Empty, plural, kind, singular, namespaced,
                Catalog.Verbs.All, shortNames, categories, subresources)
            {
                PrinterColumns = columns,
                IsCustomResource = true,
                IsStorageVersion = JsonAccess.Boolean(version, "storage") == true,
                ListKind = listKind,
            });
        }

        return result;
    }
}
