namespace Ivyo.Schema.Markers;

// Validation markers for C# API types, the counterpart of controller-gen's "+kubebuilder:validation" comments.
// SchemaGenerator reads them to build a CRD's structural OpenAPI v3 schema.

/// <summary>The property must be present (it is listed in its parent's <c>required</c>).</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class RequiredAttribute : Attribute;

/// <summary>Inclusive lower bound of a number (<c>minimum</c>).</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class MinimumAttribute(long value) : Attribute
{
    public long Value { get; } = value;
}

/// <summary>Inclusive upper bound of a number (<c>maximum</c>).</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class MaximumAttribute(long value) : Attribute
{
    public long Value { get; } = value;
}

/// <summary>An ECMA-262 regular expression a string must match (<c>pattern</c>).</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class PatternAttribute(string pattern) : Attribute
{
    public string Pattern { get; } = pattern;
}

/// <summary>The allowed values of a string (<c>enum</c>).</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class EnumAttribute(params string[] values) : Attribute
{
    public IReadOnlyList<string> Values { get; } = values;
}

/// <summary>The value the API server sets when the field is absent, as a JSON literal (<c>default</c>).</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class DefaultAttribute(string json) : Attribute
{
    public string Json { get; } = json;
}

[AttributeUsage(AttributeTargets.Property)]
public sealed class MinItemsAttribute(long value) : Attribute
{
    public long Value { get; } = value;
}

[AttributeUsage(AttributeTargets.Property)]
public sealed class MaxItemsAttribute(long value) : Attribute
{
    public long Value { get; } = value;
}

[AttributeUsage(AttributeTargets.Property)]
public sealed class MinLengthAttribute(long value) : Attribute
{
    public long Value { get; } = value;
}

[AttributeUsage(AttributeTargets.Property)]
public sealed class MaxLengthAttribute(long value) : Attribute
{
    public long Value { get; } = value;
}

/// <summary>A list whose items are objects identified by the given keys (<c>x-kubernetes-list-type: map</c>).</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class ListMapAttribute(params string[] keys) : Attribute
{
    public IReadOnlyList<string> Keys { get; } = keys;
}

/// <summary>A list of unique scalars (<c>x-kubernetes-list-type: set</c>).</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class ListSetAttribute : Attribute;

/// <summary>A free-form object kept as given (<c>x-kubernetes-preserve-unknown-fields: true</c>).</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class PreserveUnknownFieldsAttribute : Attribute;

/// <summary>A format such as <c>date-time</c>, overriding the one derived from the CLR type; an empty string removes it.</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class FormatAttribute(string format) : Attribute
{
    public string Format { get; } = format;
}

/// <summary>
/// A CEL rule on the object or field (<c>x-kubernetes-validations</c>). <c>self</c> is the value the rule is attached to.
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Class, AllowMultiple = true)]
public sealed class CelRuleAttribute(string rule, string message) : Attribute
{
    public string Rule { get; } = rule;

    public string Message { get; } = message;

    /// <summary>A field path relative to <c>self</c> that the error names, such as <c>.customReplicationTLSSecret</c>.</summary>
    public string? FieldPath { get; init; }
}

/// <summary>A description shown by <c>kubectl explain</c>.</summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Class)]
public sealed class DocAttribute(string text) : Attribute
{
    public string Text { get; } = text;
}

/// <summary>Keys a map-valued property must contain (<c>required</c> on an object with <c>additionalProperties</c>).</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class RequiredKeysAttribute(params string[] keys) : Attribute
{
    public IReadOnlyList<string> Keys { get; } = keys;
}
