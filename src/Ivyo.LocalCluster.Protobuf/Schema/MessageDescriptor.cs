using System.Collections.Frozen;
using System.Collections.Immutable;

namespace Ivyo.LocalCluster.Protobuf.Schema;

/// <summary>
/// A protobuf message as a table: its fields in Go struct order (the order JSON writes them),
/// looked up by field number while reading.
/// </summary>
internal sealed class MessageDescriptor
{
    public MessageDescriptor(string name, params FieldDescriptor[] fields)
    {
        Name = name;
        Fields = [.. fields];
        foreach (var field in fields)
        {
            if (field.Kind == ValueKind.Message && field.Message is null)
            {
                // A descriptor declared after its user in the same class is still null here.
                throw new InvalidOperationException($"{name}.{field.JsonName} refers to a message that is not initialised yet.");
            }
        }

        ByNumber = fields.Select((field, index) => (field.Number, index)).ToFrozenDictionary(pair => pair.Number, pair => pair.index);
    }

    public string Name { get; }

    public ImmutableArray<FieldDescriptor> Fields { get; }

    /// <summary>Field number to index in <see cref="Fields"/>.</summary>
    public FrozenDictionary<int, int> ByNumber { get; }
}
