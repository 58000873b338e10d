namespace Ivyo.LocalCluster.Protobuf.Schema;

/// <summary>Short constructors for the message tables.</summary>
internal static class Field
{
    public static FieldDescriptor String(int number, string jsonName, JsonPresence presence = JsonPresence.OmitEmpty) =>
        new(number, jsonName, ValueKind.String, FieldShape.Single, presence);

    public static FieldDescriptor Strings(int number, string jsonName, JsonPresence presence = JsonPresence.OmitEmpty) =>
        new(number, jsonName, ValueKind.String, FieldShape.Repeated, presence);

    public static FieldDescriptor StringMap(int number, string jsonName, JsonPresence presence = JsonPresence.OmitEmpty) =>
        new(number, jsonName, ValueKind.String, FieldShape.Map, presence);

    public static FieldDescriptor Bytes(int number, string jsonName, JsonPresence presence = JsonPresence.OmitEmpty) =>
        new(number, jsonName, ValueKind.Bytes, FieldShape.Single, presence);

    public static FieldDescriptor BytesMap(int number, string jsonName) =>
        new(number, jsonName, ValueKind.Bytes, FieldShape.Map, JsonPresence.OmitEmpty);

    public static FieldDescriptor Bool(int number, string jsonName, JsonPresence presence = JsonPresence.OmitEmpty) =>
        new(number, jsonName, ValueKind.Bool, FieldShape.Single, presence);

    public static FieldDescriptor Int32(int number, string jsonName, JsonPresence presence = JsonPresence.OmitEmpty) =>
        new(number, jsonName, ValueKind.Int32, FieldShape.Single, presence);

    public static FieldDescriptor Int64(int number, string jsonName, JsonPresence presence = JsonPresence.OmitEmpty) =>
        new(number, jsonName, ValueKind.Int64, FieldShape.Single, presence);

    public static FieldDescriptor Quantity(int number, string jsonName, JsonPresence presence = JsonPresence.Pointer) =>
        new(number, jsonName, ValueKind.Quantity, FieldShape.Single, presence);

    public static FieldDescriptor QuantityMap(int number, string jsonName) =>
        new(number, jsonName, ValueKind.Quantity, FieldShape.Map, JsonPresence.OmitEmpty);

    /// <summary>An IntOrString; a non-pointer one (<see cref="JsonPresence.Struct"/>) is written as 0 when absent.</summary>
    public static FieldDescriptor IntOrString(int number, string jsonName, JsonPresence presence) =>
        new(number, jsonName, ValueKind.IntOrString, FieldShape.Single, presence);

    /// <summary>A metav1.Time; a non-pointer one (<see cref="JsonPresence.Struct"/>) is null when zero.</summary>
    public static FieldDescriptor Time(int number, string jsonName, JsonPresence presence = JsonPresence.Struct) =>
        new(number, jsonName, ValueKind.Time, FieldShape.Single, presence);

    public static FieldDescriptor TimeMap(int number, string jsonName) =>
        new(number, jsonName, ValueKind.Time, FieldShape.Map, JsonPresence.OmitEmpty);

    /// <summary>A non-pointer struct field: always written, <c>{}</c> when absent.</summary>
    public static FieldDescriptor Struct(int number, string jsonName, MessageDescriptor message) =>
        new(number, jsonName, ValueKind.Message, FieldShape.Single, JsonPresence.Struct, message);

    /// <summary>A pointer-to-struct field: written only when set.</summary>
    public static FieldDescriptor Pointer(int number, string jsonName, MessageDescriptor message) =>
        new(number, jsonName, ValueKind.Message, FieldShape.Single, JsonPresence.Pointer, message);

    public static FieldDescriptor List(int number, string jsonName, MessageDescriptor message, JsonPresence presence = JsonPresence.OmitEmpty) =>
        new(number, jsonName, ValueKind.Message, FieldShape.Repeated, presence, message);

    /// <summary>An embedded struct (Go's anonymous field) whose JSON fields join the enclosing object.</summary>
    public static FieldDescriptor Inline(int number, MessageDescriptor message) =>
        new(number, message.Name, ValueKind.Message, FieldShape.Single, JsonPresence.Inline, message);
}
