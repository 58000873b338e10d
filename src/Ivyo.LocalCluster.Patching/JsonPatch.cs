using System.Globalization;
using System.Text.Json.Nodes;

namespace Ivyo.LocalCluster.Patching;

/// <summary>
/// RFC 6902 JSON Patch (<c>application/json-patch+json</c>) as the Kubernetes API server applies it: with
/// gopkg.in/evanphx/json-patch.v4 as vendored by Kubernetes, whose quirks and error texts are kept (negative array indices count from the end,
/// <c>replace</c> of a missing object member adds it, a <c>test</c> for <c>null</c> matches a missing member).
/// Failures are 422 (apiserver's handlers/patch.go wraps every Apply error in StatusUnprocessableEntity).
/// </summary>
public static class JsonPatch
{
    /// <summary>The most operations one JSON patch may have (maxJSONPatchOperations in apiserver's handlers/patch.go).</summary>
    public const int MaxOperations = 10000;

    /// <summary>Applies <paramref name="operations"/> to a copy of <paramref name="document"/>; the inputs are not changed.</summary>
    public static JsonNode Apply(JsonNode document, JsonArray operations)
    {
        ArgumentNullException.ThrowIfNull(document);
        ArgumentNullException.ThrowIfNull(operations);
        if (operations.Count > MaxOperations)
        {
            throw new PatchException(
                PatchErrorKind.RequestEntityTooLarge,
                string.Create(CultureInfo.InvariantCulture, $"The allowed maximum operations in a JSON patch is {MaxOperations}, got {operations.Count}"));
        }

        foreach (var operation in operations)
        {
            if (operation is not JsonObject)
            {
                throw new PatchException(
                    PatchErrorKind.BadRequest,
                    $"json: cannot unmarshal {GoTypeName(operation)} into Go value of type jsonpatch.Operation");
            }
        }

        var root = new JsonObject { ["doc"] = document.DeepClone() };
        foreach (var operation in operations)
        {
            var op = (JsonObject)operation!;
            var kind = ReadString(op, "op") ?? "unknown";
            switch (kind)
            {
                case "add":
                    Add(root, op);
                    break;
                case "remove":
                    Remove(root, op);
                    break;
                case "replace":
                    Replace(root, op);
                    break;
                case "move":
                    Move(root, op);
                    break;
                case "copy":
                    Copy(root, op);
                    break;
                case "test":
                    Test(root, op);
                    break;
                default:
                    throw Unprocessable($"Unexpected kind: {kind}");
            }
        }

        return root["doc"]!.DeepClone();
    }

    private static void Add(JsonObject root, JsonObject op)
    {
        var path = ReadString(op, "path") ?? throw Unprocessable("add operation failed to decode path: missing value");
        var (container, key) = Find(root, path);
        if (container is null)
        {
            throw Unprocessable($"add operation does not apply: doc is missing path: \"{path}\": missing value");
        }

        var error = AddTo(container, key, op["value"]?.DeepClone());
        if (error is not null)
        {
            throw Unprocessable($"error in add for path: '{path}': {error}");
        }
    }

    private static void Remove(JsonObject root, JsonObject op)
    {
        var path = ReadString(op, "path") ?? throw Unprocessable("remove operation failed to decode path: missing value");
        var (container, key) = Find(root, path);
        if (container is null)
        {
            throw Unprocessable($"remove operation does not apply: doc is missing path: \"{path}\": missing value");
        }

        var error = RemoveFrom(container, key);
        if (error is not null)
        {
            throw Unprocessable($"error in remove for path: '{path}': {error}");
        }
    }

    private static void Replace(JsonObject root, JsonObject op)
    {
        var path = ReadString(op, "path") ?? throw Unprocessable("replace operation failed to decode path: operation missing path field: missing value");
        if (path.Length == 0)
        {
            // The whole document; Go formats the nil error it wraps as %!w(<nil>).
            root["doc"] = op["value"] is JsonObject or JsonArray
                ? op["value"]!.DeepClone()
                : throw Unprocessable("replace operation value must be object or array: %!w(<nil>)");
            return;
        }

        var (container, key) = Find(root, path);
        if (container is null)
        {
            throw Unprocessable($"replace operation does not apply: doc is missing path: {path}: missing value");
        }

        if (Get(container, key, out _) is not null)
        {
            throw Unprocessable($"replace operation does not apply: doc is missing key: {path}: missing value");
        }

        var value = op["value"]?.DeepClone();
        if (container is JsonObject obj)
        {
            obj[key] = value;
            return;
        }

        var array = (JsonArray)container;
        // Get above has validated the index, negative ones included.
        var index = ParseIndex(key, out _);
        array[index < 0 ? index + array.Count : index] = value;
    }

    private static void Move(JsonObject root, JsonObject op)
    {
        var from = ReadString(op, "from") ?? throw Unprocessable("move operation failed to decode from: operation, missing from field: missing value");
        var (source, sourceKey) = Find(root, from);
        if (source is null)
        {
            throw Unprocessable($"move operation does not apply: doc is missing from path: {from}: missing value");
        }

        var error = Get(source, sourceKey, out var value);
        if (error is not null)
        {
            throw Unprocessable($"error in move for path: '{sourceKey}': {error}");
        }

        error = RemoveFrom(source, sourceKey);
        if (error is not null)
        {
            throw Unprocessable($"error in move for path: '{sourceKey}': {error}");
        }

        var path = ReadString(op, "path") ?? throw Unprocessable("move operation failed to decode path: operation missing path field: missing value");
        var (target, key) = Find(root, path);
        if (target is null)
        {
            throw Unprocessable($"move operation does not apply: doc is missing destination path: {path}: missing value");
        }

        error = AddTo(target, key, value);
        if (error is not null)
        {
            throw Unprocessable($"error in move for path: '{path}': {error}");
        }
    }

    private static void Copy(JsonObject root, JsonObject op)
    {
        var from = ReadString(op, "from") ?? throw Unprocessable("copy operation failed to decode from: operation, missing from field: missing value");
        var (source, sourceKey) = Find(root, from);
        if (source is null)
        {
            throw Unprocessable($"copy operation does not apply: doc is missing from path: {from}: missing value");
        }

        var error = Get(source, sourceKey, out var value);
        if (error is not null)
        {
            throw Unprocessable($"error in copy for from: '{from}': {error}");
        }

        var path = ReadString(op, "path") ?? throw Unprocessable("copy operation failed to decode path: missing value");
        var (target, key) = Find(root, path);
        if (target is null)
        {
            throw Unprocessable($"copy operation does not apply: doc is missing destination path: {path}: missing value");
        }

        error = AddTo(target, key, value?.DeepClone());
        if (error is not null)
        {
            throw Unprocessable($"error while adding value during copy: {error}");
        }
    }

    private static void Test(JsonObject root, JsonObject op)
    {
        var path = ReadString(op, "path") ?? throw Unprocessable("test operation failed to decode path: operation missing path field: missing value");
        if (path.Length == 0)
        {
            if (!JsonValues.PatchTestEquals(root["doc"], op["value"]))
            {
                throw Unprocessable("testing value  failed: test failed");
            }

            return;
        }

        var (container, key) = Find(root, path);
        if (container is null)
        {
            throw Unprocessable($"test operation does not apply: is missing path: {path}: missing value");
        }

        var error = Get(container, key, out var actual);
        if (error is not null)
        {
            throw Unprocessable($"error in test for path: '{path}': {error}");
        }

        var expected = op["value"];
        var passed = actual is null ? expected is null : expected is not null && JsonValues.PatchTestEquals(actual, expected);
        if (!passed)
        {
            throw Unprocessable($"testing value {path} failed: test failed");
        }
    }

    /// <summary>
    /// Walks every token of <paramref name="path"/> but the last (findObject in evanphx/json-patch); returns the
    /// container of the target and the decoded last token, or a null container when the path does not resolve.
    /// The document hangs under <c>root["doc"]</c> so that the walk starts from a container.
    /// </summary>
    private static (JsonNode? Container, string Key) Find(JsonObject root, string path)
    {
        var tokens = path.Split('/');
        if (tokens.Length < 2)
        {
            return (null, string.Empty);
        }

        JsonNode current = root["doc"]!;
        for (var i = 1; i < tokens.Length - 1; i++)
        {
            if (current is not (JsonObject or JsonArray))
            {
                return (null, string.Empty);
            }

            if (Get(current, Decode(tokens[i]), out var next) is not null || next is not (JsonObject or JsonArray))
            {
                return (null, string.Empty);
            }

            current = next;
        }

        return current is JsonObject or JsonArray ? (current, Decode(tokens[^1])) : (null, string.Empty);
    }

    /// <summary>RFC 6901 unescaping: <c>~1</c> to <c>/</c>, then <c>~0</c> to <c>~</c>.</summary>
    private static string Decode(string token) => token.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal);

    private static string? Get(JsonNode container, string key, out JsonNode? value)
    {
        value = null;
        if (container is JsonObject obj)
        {
            value = obj[key];
            return null;
        }

        var array = (JsonArray)container;
        var index = ParseIndex(key, out var error);
        if (error is not null)
        {
            return error;
        }

        if (index < 0)
        {
            if (index < -array.Count)
            {
                return InvalidIndex(index);
            }

            index += array.Count;
        }

        if (index >= array.Count)
        {
            return InvalidIndex(index);
        }

        value = array[index];
        return null;
    }

    private static string? AddTo(JsonNode container, string key, JsonNode? value)
    {
        if (container is JsonObject obj)
        {
            obj[key] = value;
            return null;
        }

        var array = (JsonArray)container;
        if (key == "-")
        {
            array.Add(value);
            return null;
        }

        var index = ParseIndex(key, out var error);
        if (error is not null)
        {
            return $"value was not a proper array index: '{key}': {error}";
        }

        var size = array.Count + 1;
        if (index >= size || index < -size)
        {
            return InvalidIndex(index);
        }

        if (index < 0)
        {
            index += size;
        }

        array.Insert(index, value);
        return null;
    }

    private static string? RemoveFrom(JsonNode container, string key)
    {
        if (container is JsonObject obj)
        {
            return obj.Remove(key) ? null : $"Unable to remove nonexistent key: {key}: missing value";
        }

        var array = (JsonArray)container;
        var index = ParseIndex(key, out var error);
        if (error is not null)
        {
            return error;
        }

        if (index >= array.Count || index < -array.Count)
        {
            return InvalidIndex(index);
        }

        if (index < 0)
        {
            index += array.Count;
        }

        array.RemoveAt(index);
        return null;
    }

    /// <summary>Go's strconv.Atoi: an optional sign and decimal digits.</summary>
    private static int ParseIndex(string key, out string? error)
    {
        if (int.TryParse(key, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var index))
        {
            error = null;
            return index;
        }

        error = $"strconv.Atoi: parsing \"{key}\": invalid syntax";
        return 0;
    }

    private static string InvalidIndex(int index) =>
        string.Create(CultureInfo.InvariantCulture, $"Unable to access invalid index: {index}: invalid index referenced");

    private static string? ReadString(JsonObject op, string name) =>
        op[name] is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;

    private static string GoTypeName(JsonNode? node) => node switch
    {
        null => "null",
        JsonArray => "array",
        _ => JsonValues.KindOf(node) switch
        {
            System.Text.Json.JsonValueKind.String => "string",
            System.Text.Json.JsonValueKind.Number => "number",
            _ => "bool",
        },
    };

    private static PatchException Unprocessable(string message) => new(PatchErrorKind.UnprocessableEntity, message);
}
