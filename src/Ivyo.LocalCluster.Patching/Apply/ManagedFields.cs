using System.Globalization;
using System.Text.Json.Nodes;

namespace Ivyo.LocalCluster.Patching.Apply;

/// <summary>Reading, writing and updating <c>metadata.managedFields</c>.</summary>
public static class ManagedFields
{
    /// <summary>The manager Kubernetes gives the existing fields of an object without managedFields on its first apply.</summary>
    public const string BeforeFirstApply = "before-first-apply";

    /// <summary>The entries of <paramref name="obj"/>; malformed ones are skipped.</summary>
    public static List<ManagedFieldsEntry> Read(JsonObject? obj) =>
        (obj?["metadata"]?["managedFields"] as JsonArray)?
            .Select(ManagedFieldsEntry.FromJson).OfType<ManagedFieldsEntry>().ToList() ?? [];

    /// <summary>
    /// Sets <c>metadata.managedFields</c> of <paramref name="obj"/> to <paramref name="entries"/> sorted as Kubernetes
    /// sorts them (operation, time, manager, apiVersion, subresource); removes it when there are none.
    /// </summary>
    public static void Write(JsonObject obj, IEnumerable<ManagedFieldsEntry> entries)
    {
        ArgumentNullException.ThrowIfNull(obj);
        ArgumentNullException.ThrowIfNull(entries);
        var sorted = entries
            .OrderBy(e => e.Operation, StringComparer.Ordinal)
            .ThenBy(e => e.Time is null ? DateTimeOffset.MinValue : DateTimeOffset.Parse(e.Time, CultureInfo.InvariantCulture))
            .ThenBy(e => e.Manager, StringComparer.Ordinal)
            .ThenBy(e => e.ApiVersion, StringComparer.Ordinal)
            .ThenBy(e => e.Subresource, StringComparer.Ordinal)
            .ToList();
        if (sorted.Count == 0)
        {
            (obj["metadata"] as JsonObject)?.Remove("managedFields");
            return;
        }

        if (obj["metadata"] is not JsonObject metadata)
        {
            metadata = [];
            obj["metadata"] = metadata;
        }

        metadata["managedFields"] = new JsonArray([.. sorted.Select(e => (JsonNode)e.ToJson())]);
    }

    /// <summary>The <c>time</c> of an entry: RFC 3339 in UTC to the second.</summary>
    public static string FormatTime(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    /// <summary>
    /// <paramref name="after"/> with managedFields updated for a non-apply write (create, update, patch) by
    /// <paramref name="manager"/>: its Update entry for <paramref name="apiVersion"/> takes every field the write
    /// added or changed, other managers lose those fields, and fields the write removed leave every entry. Entries
    /// come from <paramref name="before"/>; a create (no <paramref name="before"/>) compares with the empty object of
    /// the type (see <see cref="IListTypes.IsAlwaysPresent"/>) and starts without entries. managedFields sent in <paramref name="after"/> are ignored.
    /// </summary>
    public static JsonObject RecordUpdate(
        JsonObject? before,
        JsonObject after,
        string manager,
        string apiVersion,
        DateTimeOffset now,
        IListTypes types)
    {
        ArgumentNullException.ThrowIfNull(after);
        ArgumentException.ThrowIfNullOrEmpty(manager);
        ArgumentNullException.ThrowIfNull(types);
        var entries = Read(before);
        var result = WithoutManagedFields(after);
        var comparison = StructuredValues.Compare(
            before is null ? StructuredValues.EmptyObject(result, types) : WithoutManagedFields(before), result, types);
        if (comparison.IsEmpty)
        {
            Write(result, entries);
            return result;
        }

        var changed = Strip(comparison.Modified.Union(comparison.Added));
        var mine = new ManagedFieldsEntry(manager, ManagedFieldsOperation.Update, apiVersion, FormatTime(now), FieldSet.Empty);
        var updated = new List<ManagedFieldsEntry>();
        foreach (var entry in entries)
        {
            if (entry.SameIdentity(mine))
            {
                mine = mine with { Fields = entry.Fields };
                continue;
            }

            updated.Add(entry with { Fields = entry.Fields.Difference(changed).Difference(comparison.Removed) });
        }

        updated.Add(mine with { Fields = mine.Fields.Union(changed).Difference(comparison.Removed) });
        Write(result, updated.Where(e => !e.Fields.IsEmpty));
        return result;
    }

    /// <summary>
    /// Removes the fields no manager owns (Kubernetes' strip set): apiVersion, kind, the metadata node itself and
    /// metadata name, namespace, uid, resourceVersion, generation, creationTimestamp, selfLink, managedFields.
    /// </summary>
    public static FieldSet Strip(FieldSet fields)
    {
        ArgumentNullException.ThrowIfNull(fields);
        return fields.Difference(Unowned);
    }

    /// <summary>The fields <see cref="Strip"/> removes: the ones no manager is recorded for.</summary>
    internal static FieldSet Unowned { get; } = FieldSet.FromPaths(
        [
            ["f:apiVersion"],
            ["f:kind"],
            ["f:metadata"],
            ["f:metadata", "f:name"],
            ["f:metadata", "f:namespace"],
            ["f:metadata", "f:creationTimestamp"],
            ["f:metadata", "f:selfLink"],
            ["f:metadata", "f:uid"],
            ["f:metadata", "f:clusterName"],
            ["f:metadata", "f:generation"],
            ["f:metadata", "f:managedFields"],
            ["f:metadata", "f:resourceVersion"],
        ]);

    internal static JsonObject WithoutManagedFields(JsonObject obj)
    {
        var copy = (JsonObject)obj.DeepClone();
        (copy["metadata"] as JsonObject)?.Remove("managedFields");
        return copy;
    }
}
