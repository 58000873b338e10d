using System.Globalization;
using System.Text.Json.Nodes;
using Ivyo.Schema.Json;

namespace Ivyo.Schema.Validation;

/// <summary>
/// One validation error, printed exactly as Kubernetes prints a field.Error:
/// <c>&lt;field&gt;: &lt;type&gt;[: &lt;value&gt;][: &lt;detail&gt;]</c>
/// (k8s.io/apimachinery/pkg/util/validation/field/errors.go, Error and ErrorBody).
/// </summary>
/// <param name="Type">The kind of error.</param>
/// <param name="Field">The field path, "&lt;nil&gt;" for the whole object.</param>
/// <param name="Value">The bad value as Go prints it (%v, %q or %#v), or null when the message omits it.</param>
/// <param name="Detail">The detail text after the value.</param>
public sealed record FieldError(FieldErrorType Type, string Field, string? Value, string Detail)
{
    /// <summary>The message without the field, as in a Status cause.</summary>
    public string Body
    {
        get
        {
            if (Type == FieldErrorType.UnknownField)
            {
                return Detail;
            }

            var text = Type is FieldErrorType.Required or FieldErrorType.Forbidden or FieldErrorType.TooLong or FieldErrorType.Internal || Value is null
                ? TypeText(Type)
                : TypeText(Type) + ": " + Value;
            return Detail.Length > 0 ? text + ": " + Detail : text;
        }
    }

    /// <summary>The full message, such as <c>spec.port: Invalid value: 80: spec.port in body should be greater than or equal to 1024</c>.</summary>
    public string Message => Type == FieldErrorType.UnknownField ? Detail : Field + ": " + Body;

    public override string ToString() => Message;

    /// <summary>The error types that make the API server skip CEL rules (customresource strategy hasBlockingErr).</summary>
    public bool BlocksCelRules => Type is FieldErrorType.NotSupported or FieldErrorType.Required or FieldErrorType.TooLong
        or FieldErrorType.TooMany or FieldErrorType.TypeInvalid;

    public static string TypeText(FieldErrorType type) => type switch
    {
        FieldErrorType.NotFound => "Not found",
        FieldErrorType.Required => "Required value",
        FieldErrorType.Duplicate => "Duplicate value",
        FieldErrorType.Invalid => "Invalid value",
        FieldErrorType.NotSupported => "Unsupported value",
        FieldErrorType.Forbidden => "Forbidden",
        FieldErrorType.TooLong => "Too long",
        FieldErrorType.TooMany => "Too many",
        FieldErrorType.Internal => "Internal error",
        FieldErrorType.TypeInvalid => "Invalid value",
        FieldErrorType.UnknownField => "Unknown field",
        _ => type.ToString(),
    };

    public static FieldError Required(FieldPath path, string detail = "") =>
        new(FieldErrorType.Required, path.ToString(), null, detail);

    public static FieldError Forbidden(FieldPath path, string detail) =>
        new(FieldErrorType.Forbidden, path.ToString(), null, detail);

    public static FieldError Invalid(FieldPath path, JsonNode? value, string detail) =>
        new(FieldErrorType.Invalid, path.ToString(), GoFormat.BadValue(value), detail);

    /// <summary>An Invalid error whose bad value is a Go string (printed quoted).</summary>
    public static FieldError InvalidText(FieldPath path, string value, string detail) =>
        new(FieldErrorType.Invalid, path.ToString(), GoFormat.Quote(value), detail);

    public static FieldError InvalidNumber(FieldPath path, long value, string detail) =>
        new(FieldErrorType.Invalid, path.ToString(), value.ToString(CultureInfo.InvariantCulture), detail);

    public static FieldError TypeInvalid(FieldPath path, string value, string detail) =>
        new(FieldErrorType.TypeInvalid, path.ToString(), GoFormat.Quote(value), detail);

    public static FieldError TypeInvalidValue(FieldPath path, JsonNode? value, string detail) =>
        new(FieldErrorType.TypeInvalid, path.ToString(), GoFormat.BadValue(value), detail);

    public static FieldError Duplicate(FieldPath path, JsonNode? value) =>
        new(FieldErrorType.Duplicate, path.ToString(), GoFormat.BadValue(value), string.Empty);

    /// <summary>field.NotSupported: <c>Unsupported value: "x": supported values: "a", "b"</c>.</summary>
    public static FieldError NotSupported(FieldPath path, JsonNode? value, IEnumerable<string> supported)
    {
        var quoted = supported.Select(GoFormat.Quote).ToList();
        var detail = quoted.Count > 0 ? "supported values: " + string.Join(", ", quoted) : string.Empty;
        return new(FieldErrorType.NotSupported, path.ToString(), GoFormat.BadValue(value), detail);
    }

    /// <summary>field.TooLong (Kubernetes 1.32+): <c>Too long: may not be more than N bytes</c>.</summary>
    public static FieldError TooLong(FieldPath path, long maxLength) =>
        new(FieldErrorType.TooLong, path.ToString(), null,
            maxLength >= 0 ? $"may not be more than {maxLength.ToString(CultureInfo.InvariantCulture)} bytes" : "value is too long");

    /// <summary>field.TooMany: <c>Too many: 5: must have at most 3 items</c>.</summary>
    public static FieldError TooMany(FieldPath path, long actual, long max) =>
        new(FieldErrorType.TooMany, path.ToString(), actual >= 0 ? actual.ToString(CultureInfo.InvariantCulture) : null,
            max >= 0 ? $"must have at most {max.ToString(CultureInfo.InvariantCulture)} items" : "too many items");

    public static FieldError Internal(FieldPath path, string detail) =>
        new(FieldErrorType.Internal, path.ToString(), null, detail);

    /// <summary>The strict decoding error for a pruned field: <c>unknown field "spec.foo"</c>.</summary>
    public static FieldError UnknownField(string path) =>
        new(FieldErrorType.UnknownField, path, null, "unknown field " + GoFormat.Quote(path));
}
