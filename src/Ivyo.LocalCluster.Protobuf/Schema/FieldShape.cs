namespace Ivyo.LocalCluster.Protobuf.Schema;

internal enum FieldShape
{
    Single,
    Repeated,

    /// <summary>A map: repeated entries with <c>key = 1</c> (a string) and <c>value = 2</c>.</summary>
    Map,
}
