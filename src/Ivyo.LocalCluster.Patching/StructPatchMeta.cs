using System.Collections.Frozen;

namespace Ivyo.LocalCluster.Patching;

/// <summary>Table-driven <see cref="IPatchMeta"/> of one struct: a field table, immutable once built.</summary>
public sealed class StructPatchMeta : IPatchMeta
{
    private readonly FrozenDictionary<string, PatchMetaField> _fields;

    public StructPatchMeta(IEnumerable<PatchMetaField> fields)
    {
        ArgumentNullException.ThrowIfNull(fields);
        _fields = fields.ToFrozenDictionary(f => f.Name, StringComparer.Ordinal);
    }

    public StructPatchMeta(params PatchMetaField[] fields)
        : this((IEnumerable<PatchMetaField>)fields)
    {
    }

    /// <summary>A struct without tagged fields (maps merge, lists replace) whose children are empty too.</summary>
    public static StructPatchMeta Empty { get; } = new();

    public FieldPatchMeta GetField(string name) =>
        _fields.TryGetValue(name, out var field) ? field.Meta : FieldPatchMeta.None;

    public IPatchMeta GetChild(string name) =>
        _fields.TryGetValue(name, out var field) ? field.Child ?? Empty : Empty;
}
