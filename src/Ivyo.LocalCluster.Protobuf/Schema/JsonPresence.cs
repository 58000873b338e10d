namespace Ivyo.LocalCluster.Protobuf.Schema;

/// <summary>
/// When Go's encoding/json writes a field, given that the gogo-generated marshaller always writes
/// non-pointer scalars (even empty ones) and writes pointers only when they are set.
/// </summary>
internal enum JsonPresence
{
    /// <summary><c>,omitempty</c> on a scalar, slice or map: written unless empty, false or zero.</summary>
    OmitEmpty,

    /// <summary>No <c>omitempty</c>: always written; an absent slice or map is JSON null.</summary>
    Always,

    /// <summary>A Go pointer: written exactly when it is on the wire, whatever its value.</summary>
    Pointer,

    /// <summary>A non-pointer struct: always written (<c>{}</c> when absent; a zero Time is null).</summary>
    Struct,

    /// <summary>An embedded struct whose fields JSON inlines into the enclosing object.</summary>
    Inline,
}
