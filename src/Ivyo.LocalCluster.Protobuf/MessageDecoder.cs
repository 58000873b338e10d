using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Ivyo.LocalCluster.Protobuf.Schema;
using Ivyo.LocalCluster.Protobuf.Wire;

namespace Ivyo.LocalCluster.Protobuf;

/// <summary>
/// Walks the message tables: reads one message's fields off the wire, then writes them in table
/// (Go struct) order with Go's encoding/json rules for empty values, so the result is the JSON
/// a JSON client would have sent for the same object.
/// </summary>
internal sealed class MessageDecoder
{
    private readonly List<string> _unknownFields = [];

    public IReadOnlyList<string> UnknownFields => _unknownFields;

    public JsonObject Decode(MessageDescriptor descriptor, ReadOnlySpan<byte> data, string path)
    {
        var fields = descriptor.Fields;
        var singles = new JsonNode?[fields.Length];
        var present = new bool[fields.Length];
        var lists = new JsonArray?[fields.Length];
        var maps = new SortedDictionary<string, JsonNode?>?[fields.Length];

        var reader = new ProtobufReader(data);
        while (!reader.AtEnd)
        {
            var (number, wireType) = reader.ReadTag();
            if (!descriptor.ByNumber.TryGetValue(number, out var index))
            {
                _unknownFields.Add($"{(path.Length == 0 ? descriptor.Name : path)}: field {number} (wire type {(int)wireType})");
                reader.Skip(wireType);
                continue;
            }

            var field = fields[index];
            var fieldPath = Join(path, field.JsonName);
            switch (field.Shape)
            {
                case FieldShape.Single:
                    // Protobuf's rule: the last occurrence of a singular field wins.
                    singles[index] = ReadValue(ref reader, field, wireType, fieldPath);
                    present[index] = true;
                    break;
                case FieldShape.Repeated:
                    var list = lists[index] ??= [];
                    if (wireType == WireType.LengthDelimited && IsVarintKind(field.Kind))
                    {
                        var packed = new ProtobufReader(reader.ReadLengthDelimited());
                        while (!packed.AtEnd)
                        {
                            list.Add(ReadValue(ref packed, field, WireType.Varint, fieldPath));
                        }
                    }
                    else
                    {
                        list.Add(ReadValue(ref reader, field, wireType, $"{fieldPath}[{list.Count}]"));
                    }

                    break;
                case FieldShape.Map:
                    var map = maps[index] ??= new SortedDictionary<string, JsonNode?>(StringComparer.Ordinal);
                    Expect(wireType, WireType.LengthDelimited, fieldPath);
                    var (key, value) = ReadMapEntry(reader.ReadLengthDelimited(), field, fieldPath);
                    map[key] = value;
                    break;
                default:
                    throw new InvalidOperationException($"Unknown field shape {field.Shape}.");
            }
        }

        var result = new JsonObject();
        for (var i = 0; i < fields.Length; i++)
        {
            var field = fields[i];
            switch (field.Shape)
            {
                case FieldShape.Single:
                    WriteSingle(result, field, present[i], singles[i], path);
                    break;
                case FieldShape.Repeated:
                    WriteCollection(result, field, lists[i] is { Count: > 0 } list ? list : null);
                    break;
                default:
                    WriteCollection(result, field, maps[i] is { Count: > 0 } map ? new JsonObject(map) : null);
                    break;
            }
        }

        return result;
    }

    private void WriteSingle(JsonObject result, FieldDescriptor field, bool present, JsonNode? value, string path)
    {
        switch (field.Presence)
        {
            case JsonPresence.Inline:
                var inlined = present ? (JsonObject)value! : Decode(field.Message!, [], path);
                foreach (var property in inlined.ToArray())
                {
                    inlined.Remove(property.Key);
                    result[property.Key] = property.Value;
                }

                break;
            case JsonPresence.Pointer:
                if (present)
                {
                    result[field.JsonName] = value;
                }

                break;
            case JsonPresence.OmitEmpty:
                if (present && !IsEmpty(value))
                {
                    result[field.JsonName] = value;
                }

                break;
            default:
                result[field.JsonName] = present ? value : DefaultValue(field, path);
                break;
        }
    }

    private static void WriteCollection(JsonObject result, FieldDescriptor field, JsonNode? collection)
    {
        // Protobuf cannot tell an empty list from an absent one; Go decodes both as nil, which
        // ,omitempty leaves out and a plain field writes as null.
        if (collection is not null || field.Presence != JsonPresence.OmitEmpty)
        {
            result[field.JsonName] = collection;
        }
    }

    private JsonNode? DefaultValue(FieldDescriptor field, string path) => field.Kind switch
    {
        ValueKind.String => JsonValue.Create(string.Empty),
        ValueKind.Bytes => null,
        ValueKind.Bool => JsonValue.Create(false),
        ValueKind.Int32 or ValueKind.Int64 or ValueKind.IntOrString => JsonValue.Create(0),
        ValueKind.Quantity => JsonValue.Create("0"),
        ValueKind.Time => null,
        ValueKind.Message => Decode(field.Message!, [], Join(path, field.JsonName)),
        _ => throw new InvalidOperationException($"Unknown value kind {field.Kind}."),
    };

    private static bool IsEmpty(JsonNode? value) => value switch
    {
        null => true,
        JsonValue v when v.TryGetValue<string>(out var s) => s.Length == 0,
        JsonValue v when v.TryGetValue<bool>(out var b) => !b,
        JsonValue v when v.TryGetValue<long>(out var l) => l == 0,
        JsonValue v when v.TryGetValue<int>(out var n) => n == 0,
        _ => false,
    };

    private (string Key, JsonNode? Value) ReadMapEntry(ReadOnlySpan<byte> entry, FieldDescriptor field, string path)
    {
        var key = string.Empty;
        JsonNode? value = null;
        var hasValue = false;
        var reader = new ProtobufReader(entry);
        while (!reader.AtEnd)
        {
            var (number, wireType) = reader.ReadTag();
            switch (number)
            {
                case 1:
                    Expect(wireType, WireType.LengthDelimited, path);
                    key = Encoding.UTF8.GetString(reader.ReadLengthDelimited());
                    break;
                case 2:
                    value = ReadValue(ref reader, field, wireType, $"{path}[{key}]");
                    hasValue = true;
                    break;
                default:
                    _unknownFields.Add($"{path}: map entry field {number} (wire type {(int)wireType})");
                    reader.Skip(wireType);
                    break;
            }
        }

        return (key, hasValue ? value : MapDefault(field));
    }

    private static JsonNode? MapDefault(FieldDescriptor field) => field.Kind switch
    {
        ValueKind.String => JsonValue.Create(string.Empty),
        ValueKind.Quantity => JsonValue.Create("0"),
        _ => null,
    };

    private JsonNode? ReadValue(ref ProtobufReader reader, FieldDescriptor field, WireType wireType, string path)
    {
        switch (field.Kind)
        {
            case ValueKind.Bool:
                Expect(wireType, WireType.Varint, path);
                return JsonValue.Create(reader.ReadVarint() != 0);
            case ValueKind.Int32:
                Expect(wireType, WireType.Varint, path);
                return JsonValue.Create(unchecked((int)reader.ReadVarint()));
            case ValueKind.Int64:
                Expect(wireType, WireType.Varint, path);
                return JsonValue.Create(unchecked((long)reader.ReadVarint()));
            default:
                break;
        }

        Expect(wireType, WireType.LengthDelimited, path);
        var bytes = reader.ReadLengthDelimited();
        return field.Kind switch
        {
            ValueKind.String => JsonValue.Create(Encoding.UTF8.GetString(bytes)),
            ValueKind.Bytes => JsonValue.Create(Convert.ToBase64String(bytes)),
            ValueKind.Message => Decode(field.Message!, bytes, path),
            ValueKind.Quantity => ReadQuantity(bytes, path),
            ValueKind.IntOrString => ReadIntOrString(bytes, path),
            ValueKind.Time => ReadTime(bytes, path),
            _ => throw new InvalidOperationException($"Unknown value kind {field.Kind}."),
        };
    }

    /// <summary>resource.Quantity: <c>optional string string = 1</c>; the empty message is zero.</summary>
    private JsonValue ReadQuantity(ReadOnlySpan<byte> data, string path)
    {
        var text = "0";
        var reader = new ProtobufReader(data);
        while (!reader.AtEnd)
        {
            var (number, wireType) = reader.ReadTag();
            if (number == 1 && wireType == WireType.LengthDelimited)
            {
                text = Encoding.UTF8.GetString(reader.ReadLengthDelimited());
            }
            else
            {
                _unknownFields.Add($"{path}: Quantity field {number} (wire type {(int)wireType})");
                reader.Skip(wireType);
            }
        }

        return JsonValue.Create(text.Length == 0 ? "0" : text);
    }

    /// <summary>intstr.IntOrString: <c>type = 1</c> (0 int, 1 string), <c>intVal = 2</c>, <c>strVal = 3</c>.</summary>
    private JsonValue ReadIntOrString(ReadOnlySpan<byte> data, string path)
    {
        ulong type = 0;
        var intValue = 0;
        var stringValue = string.Empty;
        var reader = new ProtobufReader(data);
        while (!reader.AtEnd)
        {
            var (number, wireType) = reader.ReadTag();
            switch (number, wireType)
            {
                case (1, WireType.Varint):
                    type = reader.ReadVarint();
                    break;
                case (2, WireType.Varint):
                    intValue = unchecked((int)reader.ReadVarint());
                    break;
                case (3, WireType.LengthDelimited):
                    stringValue = Encoding.UTF8.GetString(reader.ReadLengthDelimited());
                    break;
                default:
                    _unknownFields.Add($"{path}: IntOrString field {number} (wire type {(int)wireType})");
                    reader.Skip(wireType);
                    break;
            }
        }

        return type == 1 ? JsonValue.Create(stringValue) : JsonValue.Create(intValue);
    }

    /// <summary>
    /// meta/v1 Time: <c>seconds = 1</c>, <c>nanos = 2</c>. Go writes the zero time as an empty
    /// message and JSON writes it as null; otherwise RFC 3339 in UTC at second precision.
    /// </summary>
    private JsonValue? ReadTime(ReadOnlySpan<byte> data, string path)
    {
        if (data.IsEmpty)
        {
            return null;
        }

        long seconds = 0;
        var reader = new ProtobufReader(data);
        while (!reader.AtEnd)
        {
            var (number, wireType) = reader.ReadTag();
            switch (number, wireType)
            {
                case (1, WireType.Varint):
                    seconds = unchecked((long)reader.ReadVarint());
                    break;
                case (2, WireType.Varint):
                    // Nanoseconds are dropped: metav1.Time marshals to whole seconds.
                    reader.ReadVarint();
                    break;
                default:
                    _unknownFields.Add($"{path}: Time field {number} (wire type {(int)wireType})");
                    reader.Skip(wireType);
                    break;
            }
        }

        var time = DateTimeOffset.FromUnixTimeSeconds(seconds).UtcDateTime;
        return JsonValue.Create(time.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
    }

    private static bool IsVarintKind(ValueKind kind) => kind is ValueKind.Bool or ValueKind.Int32 or ValueKind.Int64;

    private static void Expect(WireType actual, WireType expected, string path)
    {
        if (actual != expected)
        {
            throw new InvalidDataException($"{path}: expected protobuf wire type {(int)expected}, found {(int)actual}.");
        }
    }

    private static string Join(string path, string name) => path.Length == 0 ? name : $"{path}.{name}";
}
