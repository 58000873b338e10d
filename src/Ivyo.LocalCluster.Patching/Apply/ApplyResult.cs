using System.Text.Json.Nodes;

namespace Ivyo.LocalCluster.Patching.Apply;

/// <summary>
/// The outcome of a server-side apply: the new object with its managedFields, or, when <see cref="Conflicts"/> is not
/// empty, the unchanged live object and the conflicts to answer 409 with (see <see cref="ApplyConflicts"/>).
/// </summary>
public sealed record ApplyResult(JsonObject Object, IReadOnlyList<FieldConflict> Conflicts)
{
    public bool Succeeded => Conflicts.Count == 0;
}
