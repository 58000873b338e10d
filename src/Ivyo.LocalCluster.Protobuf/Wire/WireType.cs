namespace Ivyo.LocalCluster.Protobuf.Wire;

/// <summary>The protobuf wire types; groups (3 and 4) are deprecated and never used by Kubernetes.</summary>
internal enum WireType
{
    Varint = 0,
    Fixed64 = 1,
    LengthDelimited = 2,
    StartGroup = 3,
    EndGroup = 4,
    Fixed32 = 5,
}
