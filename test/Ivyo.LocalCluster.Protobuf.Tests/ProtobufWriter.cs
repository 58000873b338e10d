using System.Text;

namespace Ivyo.LocalCluster.Protobuf.Tests;

/// <summary>Writes protobuf wire format by hand, to build request bodies field by field.</summary>
internal sealed class ProtobufWriter
{
    private readonly List<byte> _bytes = [];

    /// <summary>A whole request body: the magic <c>k8s\0</c> and a runtime.Unknown around the object.</summary>
    public static byte[] Envelope(string apiVersion, string kind, Action<ProtobufWriter> writeObject, string contentEncoding = "")
    {
        var unknown = new ProtobufWriter()
            .Message(1, typeMeta => typeMeta.String(1, apiVersion).String(2, kind))
            .Message(2, writeObject)
            .String(3, contentEncoding)
            .String(4, string.Empty);
        return [.. "k8s\0"u8.ToArray(), .. unknown.ToArray()];
    }

    public ProtobufWriter Varint(int field, long value)
    {
        Tag(field, 0);
        RawVarint(unchecked((ulong)value));
        return this;
    }

    public ProtobufWriter Bool(int field, bool value) => Varint(field, value ? 1 : 0);

    public ProtobufWriter Bytes(int field, byte[] value)
    {
        Tag(field, 2);
        RawVarint((ulong)value.Length);
        _bytes.AddRange(value);
        return this;
    }

    public ProtobufWriter String(int field, string value) => Bytes(field, Encoding.UTF8.GetBytes(value));

    public ProtobufWriter Message(int field, Action<ProtobufWriter> write)
    {
        var nested = new ProtobufWriter();
        write(nested);
        return Bytes(field, nested.ToArray());
    }

    /// <summary>An empty message, as Go writes a zero struct (and a zero Time).</summary>
    public ProtobufWriter Empty(int field) => Bytes(field, []);

    public ProtobufWriter MapEntry(int field, string key, string value) =>
        Message(field, entry => entry.String(1, key).String(2, value));

    public ProtobufWriter MapEntry(int field, string key, byte[] value) =>
        Message(field, entry => entry.String(1, key).Bytes(2, value));

    /// <summary>A map entry whose value is a resource.Quantity (<c>string = 1</c>).</summary>
    public ProtobufWriter QuantityEntry(int field, string key, string quantity) =>
        Message(field, entry => entry.String(1, key).Message(2, q => q.String(1, quantity)));

    /// <summary>ObjectMeta as Go's marshaller writes it: every non-pointer scalar, even when empty.</summary>
    public ProtobufWriter Metadata(int field, string name, string @namespace = "", params (string Key, string Value)[] labels) =>
        Message(field, meta =>
        {
            meta.String(1, name).String(2, string.Empty).String(3, @namespace).String(4, string.Empty)
                .String(5, string.Empty).String(6, string.Empty).Varint(7, 0).Empty(8);
            foreach (var (key, value) in labels)
            {
                meta.MapEntry(11, key, value);
            }
        });

    public byte[] ToArray() => [.. _bytes];

    private void Tag(int field, int wireType) => RawVarint(((ulong)field << 3) | (uint)wireType);

    private void RawVarint(ulong value)
    {
        while (value >= 0x80)
        {
            _bytes.Add((byte)(value | 0x80));
            value >>= 7;
        }

        _bytes.Add((byte)value);
    }
}
