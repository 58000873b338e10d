namespace Ivyo.LocalCluster.Protobuf.Schema;

/// <summary>One field of a message: its number, its JSON name and how it is read and written.</summary>
/// <param name="Message">The nested message, for <see cref="ValueKind.Message"/> values.</param>
internal sealed record FieldDescriptor(
    int Number,
    string JsonName,
    ValueKind Kind,
    FieldShape Shape,
    JsonPresence Presence,
    MessageDescriptor? Message = null);
