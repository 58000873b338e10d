using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Ivyo.Schema.Json;
using Ivyo.Schema.Structural;
using k8s.Models;

namespace Ivyo.Schema.Validation;

/// <summary>
/// The OpenAPI value validation the API server runs on a custom resource: a port of
/// k8s.io/kube-openapi/pkg/validation/validate (SchemaValidator and its type, schema-props, string, format,
/// number, slice, common and object validators) together with the conversion of its errors to field errors in
/// k8s.io/apiextensions-apiserver/pkg/apiserver/validation/validation.go (kubeOpenAPIResultToFieldErrors).
/// Messages use the kube-openapi wording of k8s.io/kube-openapi/pkg/validation/errors/schema.go
/// ("%s in %s should be greater than or equal to %v", "%s in %s must be of type %s: %q", ...) with "in body".
/// </summary>
internal sealed class OpenApiSchemaValidator
{
    private const string In = "body";
    private readonly PatternCache _patterns = new();
    private readonly string _prefix;

    /// <param name="prefix">The field path of the validated value ("" for a whole object, "status" for the status subresource).</param>
    public OpenApiSchemaValidator(string prefix = "")
    {
        _prefix = prefix;
    }

    public IReadOnlyList<FieldError> Validate(JsonNode? data, V1JSONSchemaProps schema) =>
        ValidateNode(data, schema, string.Empty).Errors;

    private OpenApiResult ValidateNode(JsonNode? data, V1JSONSchemaProps s, string name)
    {
        var result = new OpenApiResult();
        var kind = JsonValues.KindOf(data);
        var types = s.ValidationTypes();
        var format = StringFormats.Effective(s.Format);
        var typeApplies = types.Count > 0 || format.Length > 0;

        if (kind == JsonKind.Null)
        {
            if (typeApplies)
            {
                result.Merge(CheckType(data, kind, s, types, format, name));
            }

            result.Merge(CheckEnum(data, s, name));
            return result;
        }

        if (typeApplies)
        {
            result.Merge(CheckType(data, kind, s, types, format, name));
            result.Inc();
        }

        result.Merge(CheckSchemaProps(data, s, name));
        result.Inc();

        if (kind == JsonKind.String)
        {
            result.Merge(CheckString(JsonValues.GetString(data!), s, name));
            result.Inc();
            if (format.Length > 0)
            {
                result.Merge(CheckFormat(JsonValues.GetString(data!), format, name));
                result.Inc();
            }
        }

        if (kind is JsonKind.Integer or JsonKind.Number)
        {
            result.Merge(CheckNumber(data!, kind, s, name));
            result.Inc();
        }

        if (kind == JsonKind.Array)
        {
            result.Merge(CheckSlice((JsonArray)data!, s, name));
            result.Inc();
        }

        result.Merge(CheckEnum(data, s, name));
        result.Inc();

        if (kind == JsonKind.Object)
        {
            result.Merge(CheckObject((JsonObject)data!, s, name));
            result.Inc();
        }

        result.Inc();
        return result;
    }

    // validate/type.go typeValidator.Validate
    private OpenApiResult CheckType(JsonNode? data, JsonKind kind, V1JSONSchemaProps s, IReadOnlyList<string> types, string format, string name)
    {
        var result = new OpenApiResult();
        result.Inc();
        var joined = string.Join(',', types);
        if (kind == JsonKind.Null)
        {
            if (types.Count > 0 && !types.Contains("null") && !s.IsNullable())
            {
                result.Add(InvalidType(name, joined, "null"));
            }

            return result;
        }

        var schType = JsonValues.TypeName(kind);
        var dataFormat = kind switch
        {
            JsonKind.Integer => "int64",
            JsonKind.Number => "float64",
            _ => string.Empty,
        };
        var isFloatInt = kind == JsonKind.Number && IsJsonInteger(JsonValues.GetDouble(data!)) && types.Contains("integer");
        var isIntFloat = kind == JsonKind.Integer && types.Contains("number");

        if (kind != JsonKind.String && kind != JsonKind.Array && format.Length > 0
            && !(types.Contains(schType) || dataFormat == format || isFloatInt || isIntFloat))
        {
            result.Add(InvalidType(name, format, dataFormat));
            return result;
        }

        if (!(types.Contains("number") || types.Contains("integer")) && format.Length > 0 && kind is JsonKind.String or JsonKind.Array)
        {
            return result;
        }

        if (!(types.Contains(schType) || isFloatInt || isIntFloat))
        {
            result.Add(InvalidType(name, joined, schType));
        }

        return result;
    }

    // validate/schema_props.go schemaPropsValidator.Validate
    private OpenApiResult CheckSchemaProps(JsonNode? data, V1JSONSchemaProps s, string name)
    {
        var main = new OpenApiResult();
        if (s.AnyOf is { Count: > 0 } anyOf)
        {
            OpenApiResult? best = null;
            OpenApiResult? firstSuccess = null;
            foreach (var sub in anyOf)
            {
                var r = ValidateNode(data, sub, name);
                if (r.IsValid)
                {
                    best = null;
                    firstSuccess = r;
                    break;
                }

                if (best is null || r.MatchCount > best.MatchCount)
                {
                    best = r;
                }
            }

            if (firstSuccess is null)
            {
                main.Add(Composite($"{GoFormat.Quote(name)} must validate at least one schema (anyOf)"));
            }

            main.Merge(best ?? firstSuccess);
        }

        if (s.OneOf is { Count: > 0 } oneOf)
        {
            OpenApiResult? best = null;
            OpenApiResult? firstSuccess = null;
            var validated = 0;
            foreach (var sub in oneOf)
            {
                var r = ValidateNode(data, sub, name);
                if (r.IsValid)
                {
                    validated++;
                    best = null;
                    firstSuccess ??= r;
                    continue;
                }

                if (validated == 0 && (best is null || r.MatchCount > best.MatchCount))
                {
                    best = r;
                }
            }

            if (validated != 1)
            {
                var additional = validated == 0 ? "Found none valid" : $"Found {validated} valid alternatives";
                main.Add(Composite($"{GoFormat.Quote(name)} must validate one and only one schema (oneOf). {additional}"));
                main.Merge(best);
            }
            else
            {
                main.Merge(firstSuccess);
            }
        }

        if (s.AllOf is { Count: > 0 } allOf)
        {
            var validated = 0;
            foreach (var sub in allOf)
            {
                var r = ValidateNode(data, sub, name);
                if (r.IsValid)
                {
                    validated++;
                }

                main.Merge(r);
            }

            if (validated != allOf.Count)
            {
                var additional = validated == 0 ? ". None validated" : string.Empty;
                main.Add(Composite($"{GoFormat.Quote(name)} must validate all the schemas (allOf){additional}"));
            }
        }

        if (s.Not is { } not && ValidateNode(data, not, name).IsValid)
        {
            main.Add(Composite($"{GoFormat.Quote(name)} must not validate the schema (not)"));
        }

        main.Inc();
        return main;
    }

    // validate/validator.go stringValidator.Validate: the first failing check is reported.
    private OpenApiResult CheckString(string data, V1JSONSchemaProps s, string name)
    {
        var result = new OpenApiResult();
        var length = data.EnumerateRunes().Count();
        if (s.MaxLength is { } max && length > max)
        {
            // kube-openapi TooLongFailCode becomes field.TooLong in apiextensions-apiserver.
            result.Add(new FieldError(FieldErrorType.TooLong, Field(name), null, TooLongDetail(max)));
            return result;
        }

        if (s.MinLength is { } min && length < min)
        {
            result.Add(Invalid(name, GoFormat.Quote(data), $"{name} in {In} should be at least {min.ToString(CultureInfo.InvariantCulture)} chars long"));
            return result;
        }

        if (!string.IsNullOrEmpty(s.Pattern))
        {
            var match = _patterns.IsMatch(s.Pattern, data, out var error);
            if (match is null)
            {
                result.Add(Invalid(name, GoFormat.Quote(data), $"{name} in {In} should match '{s.Pattern}, but pattern is invalid: {error}'"));
            }
            else if (match == false)
            {
                result.Add(Invalid(name, GoFormat.Quote(data), $"{name} in {In} should match '{s.Pattern}'"));
            }
        }

        return result;
    }

    // validate/formats.go formatValidator.Validate and values.go FormatOf
    private OpenApiResult CheckFormat(string data, string format, string name)
    {
        var result = new OpenApiResult();
        if (!StringFormats.IsValid(format, data))
        {
            result.Add(new FieldError(FieldErrorType.TypeInvalid, Field(name), GoFormat.Quote(data),
                $"{name} in {In} must be of type {format}: {GoFormat.Quote(data)}"));
        }

        return result;
    }

    // validate/validator.go numberValidator.Validate with values.go MultipleOf/Minimum/MaximumNativeType
    private OpenApiResult CheckNumber(JsonNode data, JsonKind kind, V1JSONSchemaProps s, string name)
    {
        var result = new OpenApiResult();
        var isInt = kind == JsonKind.Integer;
        JsonValues.TryGetInt64(data, out var intValue);
        var floatValue = JsonValues.GetDouble(data);
        var shown = isInt ? intValue.ToString(CultureInfo.InvariantCulture) : GoFormat.Float(floatValue);

        if (s.MultipleOf is { } factor)
        {
            if (factor < 0)
            {
                result.Add(Invalid(name, GoFormat.Float(factor), $"factor MultipleOf declared for {name} must be positive: {GoFormat.Float(factor)}"));
            }
            else if (isInt && (long)factor != 0)
            {
                var f = (long)factor;
                if (intValue / f * f != intValue)
                {
                    result.Add(Invalid(name, shown, $"{name} in {In} should be a multiple of {f.ToString(CultureInfo.InvariantCulture)}"));
                }
            }
            else if (factor != 0)
            {
                var mult = factor < 1 ? 1 / factor * floatValue : floatValue / factor;
                if (!IsJsonInteger(mult))
                {
                    result.Add(Invalid(name, shown, $"{name} in {In} should be a multiple of {GoFormat.Float(factor)}"));
                }
            }
        }

        if (s.Minimum is { } minimum)
        {
            var exclusive = s.ExclusiveMinimum == true;
            var below = isInt
                ? (exclusive ? intValue <= (long)minimum : intValue < (long)minimum)
                : (exclusive ? floatValue <= minimum : floatValue < minimum);
            if (below)
            {
                var bound = isInt ? ((long)minimum).ToString(CultureInfo.InvariantCulture) : GoFormat.Float(minimum);
                var text = exclusive ? "should be greater than" : "should be greater than or equal to";
                result.Add(Invalid(name, shown, $"{name} in {In} {text} {bound}"));
            }
        }

        if (s.Maximum is { } maximum)
        {
            var exclusive = s.ExclusiveMaximum == true;
            var above = isInt
                ? (exclusive ? intValue >= (long)maximum : intValue > (long)maximum)
                : (exclusive ? floatValue >= maximum : floatValue > maximum);
            if (above)
            {
                var bound = isInt ? ((long)maximum).ToString(CultureInfo.InvariantCulture) : GoFormat.Float(maximum);
                var text = exclusive ? "should be less than" : "should be less than or equal to";
                result.Add(Invalid(name, shown, $"{name} in {In} {text} {bound}"));
            }
        }

        return result;
    }

    // validate/slice_validator.go schemaSliceValidator.Validate
    private OpenApiResult CheckSlice(JsonArray data, V1JSONSchemaProps s, string name)
    {
        var result = new OpenApiResult();
        if (s.ItemsSchema() is { } items)
        {
            for (var i = 0; i < data.Count; i++)
            {
                result.Merge(ValidateNode(data[i], items, $"{name}[{i.ToString(CultureInfo.InvariantCulture)}]"));
            }
        }

        var size = (long)data.Count;
        if (s.MinItems is { } min && size < min)
        {
            result.Add(Invalid(name, size.ToString(CultureInfo.InvariantCulture), $"{name} in {In} should have at least {min.ToString(CultureInfo.InvariantCulture)} items"));
        }

        if (s.MaxItems is { } max && size > max)
        {
            // kube-openapi MaxItemsFailCode becomes field.TooMany in apiextensions-apiserver.
            result.Add(FieldError.TooMany(FieldPath.Root, size, max) with { Field = Field(name) });
        }

        if (s.UniqueItems == true)
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            if (data.Any(item => !seen.Add(JsonValues.CanonicalKey(item))))
            {
                result.Add(Invalid(name, GoFormat.Quote(string.Empty), $"{name} in {In} shouldn't contain duplicates"));
            }
        }

        result.Inc();
        return result;
    }

    // validate/validator.go basicCommonValidator.Validate
    private OpenApiResult CheckEnum(JsonNode? data, V1JSONSchemaProps s, string name)
    {
        var result = new OpenApiResult();
        var values = s.EnumValues();
        if (values.Count == 0)
        {
            return result;
        }

        if (JsonValues.KindOf(data) != JsonKind.Null && values.Any(v => v is not null && JsonValues.SemanticEquals(data, v)))
        {
            return result;
        }

        var supported = values.Select(EnumText);
        result.Add(FieldError.NotSupported(FieldPath.Root, data, supported) with { Field = Field(name) });
        return result;
    }

    // validate/object_validator.go objectValidator.Validate
    private OpenApiResult CheckObject(JsonObject data, V1JSONSchemaProps s, string name)
    {
        var result = new OpenApiResult();
        var count = (long)data.Count;
        if (s.MinProperties is { } min && count < min)
        {
            result.Add(Invalid(name, count.ToString(CultureInfo.InvariantCulture), $"{name} in {In} should have at least {min.ToString(CultureInfo.InvariantCulture)} properties"));
            return result;
        }

        if (s.MaxProperties is { } max && count > max)
        {
            result.Add(FieldError.TooMany(FieldPath.Root, count, max) with { Field = Field(name) });
            return result;
        }

        var properties = s.Properties ?? new Dictionary<string, V1JSONSchemaProps>();
        if (!s.AllowsAdditionalProperties())
        {
            foreach (var key in data.Select(p => p.Key).Where(k => !properties.ContainsKey(k)).Order(StringComparer.Ordinal))
            {
                result.Add(Invalid(name, GoFormat.Quote(key), $"{name}.{key} in {In} is a forbidden property"));
            }
        }
        else if (s.AdditionalPropertiesSchema() is { } additional)
        {
            foreach (var (key, value) in data.OrderBy(p => p.Key, StringComparer.Ordinal))
            {
                if (!properties.ContainsKey(key))
                {
                    result.Merge(ValidateNode(value, additional, Join(name, key)));
                }
            }
        }

        foreach (var (propertyName, propertySchema) in properties.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            if (data.TryGetPropertyValue(propertyName, out var value))
            {
                result.Merge(ValidateNode(value, propertySchema, Join(name, propertyName)));
            }
        }

        foreach (var required in s.Required ?? [])
        {
            if (!data.ContainsKey(required))
            {
                result.Add(new FieldError(FieldErrorType.Required, Field(Join(name, required)), null, string.Empty));
            }
        }

        return result;
    }

    private FieldError InvalidType(string name, string typeName, string actual) =>
        new(FieldErrorType.TypeInvalid, Field(name), GoFormat.Quote(actual), $"{name} in {In} must be of type {typeName}: {GoFormat.Quote(actual)}");

    private FieldError Invalid(string name, string shownValue, string detail) =>
        new(FieldErrorType.Invalid, Field(name), shownValue, detail);

    // Errors that are not kube-openapi Validation errors (anyOf, oneOf, allOf, not) are reported on the
    // validated root with an empty value (kubeOpenAPIResultToFieldErrors default case).
    private FieldError Composite(string detail) =>
        new(FieldErrorType.Invalid, _prefix.Length == 0 ? "<nil>" : _prefix, GoFormat.Quote(string.Empty), detail);

    private string Field(string name)
    {
        if (name.Length == 0)
        {
            return _prefix.Length == 0 ? "<nil>" : _prefix;
        }

        return _prefix.Length == 0 ? name : _prefix + "." + name;
    }

    private static string Join(string name, string child) => name.Length == 0 ? child : name + "." + child;

    private static string TooLongDetail(long max) => $"may not be more than {max.ToString(CultureInfo.InvariantCulture)} bytes";

    // swag.IsFloat64AJSONInteger
    private static bool IsJsonInteger(double value) =>
        !double.IsNaN(value) && !double.IsInfinity(value) && Math.Abs(value) <= 9007199254740992d && Math.Floor(value) == value;

    // apiextensions-apiserver lists string enum values as they are and other values as JSON.
    private static string EnumText(JsonNode? value) => JsonValues.KindOf(value) == JsonKind.String
        ? JsonValues.GetString(value!)
        : value is null ? "null" : JsonSerializer.Serialize(value);
}
