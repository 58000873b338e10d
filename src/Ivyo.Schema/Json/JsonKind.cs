namespace Ivyo.Schema.Json;

/// <summary>The JSON kinds Kubernetes distinguishes once a body is decoded (integers are int64, other numbers float64).</summary>
internal enum JsonKind
{
    Null,
    Boolean,
    Integer,
    Number,
    String,
    Array,
    Object,
}
