namespace Ivyo.LocalCluster.Protobuf.Schema;

/// <summary>What one value of a field is, on the wire and in JSON.</summary>
internal enum ValueKind
{
    String,

    /// <summary>Length-delimited bytes; base64 in JSON.</summary>
    Bytes,
    Bool,
    Int32,
    Int64,

    /// <summary>A nested message described by <see cref="FieldDescriptor.Message"/>.</summary>
    Message,

    /// <summary>resource.Quantity: <c>string = 1</c>, a JSON string.</summary>
    Quantity,

    /// <summary>intstr.IntOrString: <c>type = 1, intVal = 2, strVal = 3</c>, a JSON number or string.</summary>
    IntOrString,

    /// <summary>meta/v1 Time: <c>seconds = 1, nanos = 2</c>, RFC 3339 at second precision; the empty message is Go's zero time, JSON null.</summary>
    Time,
}
