using System.Buffers.Binary;

namespace Ivyo.LocalCluster.Protobuf.Wire;

/// <summary>
/// A forward-only reader of the protobuf wire format (varint, 64-bit, length-delimited, 32-bit).
/// The format is small enough to read by hand, which keeps this library free of dependencies.
/// </summary>
internal ref struct ProtobufReader
{
    private readonly ReadOnlySpan<byte> _data;
    private int _position;

    public ProtobufReader(ReadOnlySpan<byte> data)
    {
        _data = data;
        _position = 0;
    }

    public readonly bool AtEnd => _position >= _data.Length;

    /// <summary>Reads a field key; the field number is never zero in a valid message.</summary>
    public (int FieldNumber, WireType WireType) ReadTag()
    {
        var key = ReadVarint();
        var fieldNumber = key >> 3;
        if (fieldNumber is 0 or > int.MaxValue)
        {
            throw new InvalidDataException($"Invalid protobuf field number {fieldNumber} at offset {_position}.");
        }

        return ((int)fieldNumber, (WireType)(key & 7));
    }

    public ulong ReadVarint()
    {
        ulong result = 0;
        for (var shift = 0; shift < 64; shift += 7)
        {
            if (_position >= _data.Length)
            {
                throw new InvalidDataException("Truncated protobuf varint.");
            }

            var b = _data[_position++];
            result |= (ulong)(b & 0x7F) << shift;
            if ((b & 0x80) == 0)
            {
                return result;
            }
        }

        throw new InvalidDataException("Malformed protobuf varint (longer than 10 bytes).");
    }

    public ulong ReadFixed64() => BinaryPrimitives.ReadUInt64LittleEndian(Take(8));

    public uint ReadFixed32() => BinaryPrimitives.ReadUInt32LittleEndian(Take(4));

    public ReadOnlySpan<byte> ReadLengthDelimited()
    {
        var length = ReadVarint();
        if (length > int.MaxValue)
        {
            throw new InvalidDataException("Protobuf length prefix out of range.");
        }

        return Take((int)length);
    }

    public void Skip(WireType wireType)
    {
        switch (wireType)
        {
            case WireType.Varint:
                ReadVarint();
                break;
            case WireType.Fixed64:
                Take(8);
                break;
            case WireType.LengthDelimited:
                ReadLengthDelimited();
                break;
            case WireType.Fixed32:
                Take(4);
                break;
            default:
                throw new InvalidDataException($"Unsupported protobuf wire type {(int)wireType}.");
        }
    }

    private ReadOnlySpan<byte> Take(int count)
    {
        if (count > _data.Length - _position)
        {
            throw new InvalidDataException("Truncated protobuf message.");
        }

        var slice = _data.Slice(_position, count);
        _position += count;
        return slice;
    }
}
