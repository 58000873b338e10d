using System.Text.Json.Nodes;

namespace Ivyo.LocalCluster.Patching.Apply;

/// <summary>
/// Server-side apply on JSON objects, after structured-merge-diff's <c>Updater.Apply</c>: the applied configuration
/// is merged into the live object, fields the manager applied last time and no longer applies are removed unless
/// another manager owns them, together with the parents that leaves unowned (see <see cref="StructuredValues.Prune"/>),
/// and fields the merge changes that other managers own are conflicts: returned when
/// <see cref="ApplyOptions.Force"/> is false, taken over when it is true. The manager's Apply entry then owns exactly
/// the applied fields.
/// </summary>
public static class ServerSideApply
{
    /// <summary>
    /// Applies <paramref name="applied"/> (its managedFields ignored) to <paramref name="live"/> (null: create).
    /// Inputs are not modified.
    /// </summary>
    public static ApplyResult Apply(JsonObject? live, JsonObject applied, ApplyOptions options, IListTypes types)
    {
        ArgumentNullException.ThrowIfNull(applied);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrEmpty(options.Manager);
        ArgumentNullException.ThrowIfNull(types);

        var config = ManagedFields.WithoutManagedFields(applied);
        var liveObject = live is null ? null : ManagedFields.WithoutManagedFields(live);
        var entries = ManagedFields.Read(live);
        if (liveObject is not null && entries.Count == 0)
        {
            var existing = ManagedFields.Strip(StructuredValues.FieldsOf(liveObject, types));
            if (!existing.IsEmpty)
            {
                entries.Add(new ManagedFieldsEntry(
                    ManagedFields.BeforeFirstApply, ManagedFieldsOperation.Update, options.ApiVersion, ManagedFields.FormatTime(options.Now), existing));
            }
        }

        var identity = new ManagedFieldsEntry(options.Manager, ManagedFieldsOperation.Apply, options.ApiVersion, null, FieldSet.Empty);
        var previous = entries.FirstOrDefault(e => e.SameIdentity(identity));
        var others = entries.Where(e => !ReferenceEquals(e, previous)).ToList();
        var appliedFields = ManagedFields.Strip(StructuredValues.FieldsOf(config, types));

        var merged = StructuredValues.Merge(liveObject, config, types);
        if (previous is not null && !previous.Fields.IsEmpty)
        {
            // Everything owned now, as structured-merge-diff sees it when it prunes: every other manager's fields
            // (appliers and updaters), the applied configuration's (apiVersion, kind and metadata.name unstripped),
            // and the fields no manager is recorded for (metadata itself, uid, resourceVersion, ...), which stay.
            var owned = others.Aggregate(
                StructuredValues.FieldsOf(config, types).Union(ManagedFields.Unowned),
                (all, e) => all.Union(e.Fields));
            merged = StructuredValues.Prune(merged, previous.Fields, owned, types);
        }

        var comparison = StructuredValues.Compare(liveObject, merged, types);
        var changed = comparison.Modified.Union(comparison.Added);
        var conflicts = new List<FieldConflict>();
        foreach (var entry in others)
        {
            conflicts.AddRange(entry.Fields.Intersect(changed).Paths().Select(path => new FieldConflict(entry, path)));
        }

        if (conflicts.Count > 0 && !options.Force)
        {
            return new ApplyResult((JsonObject?)live?.DeepClone() ?? merged, conflicts);
        }

        var updated = others
            .Select(e => e with { Fields = e.Fields.Difference(changed).Difference(comparison.Removed) })
            .Where(e => !e.Fields.IsEmpty)
            .ToList();
        var unchanged = previous is not null
            && comparison.IsEmpty
            && previous.Fields.ToString() == appliedFields.ToString()
            && previous.ApiVersion == options.ApiVersion;
        if (!appliedFields.IsEmpty)
        {
            updated.Add(new ManagedFieldsEntry(
                options.Manager,
                ManagedFieldsOperation.Apply,
                options.ApiVersion,
                unchanged ? previous!.Time : ManagedFields.FormatTime(options.Now),
                appliedFields));
        }

        ManagedFields.Write(merged, updated);
        return new ApplyResult(merged, []);
    }
}
