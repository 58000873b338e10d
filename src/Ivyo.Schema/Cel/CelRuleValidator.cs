using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Ivyo.Schema.Json;
using Ivyo.Schema.Structural;
using Ivyo.Schema.Validation;
using k8s.Models;
using CelEnvironment = global::Cel.CelEnvironment;
using CelProgram = global::Cel.CelProgramDelegate;

namespace Ivyo.Schema.Cel;

/// <summary>
/// Evaluates <c>x-kubernetes-validations</c> rules on an object, following
/// k8s.io/apiextensions-apiserver/pkg/apiserver/schema/cel/validation.go: <c>self</c> is the value the rule is
/// attached to (rules on null values are not run), a failed rule gives
/// <c>&lt;path&gt;: Invalid value: "&lt;schema type&gt;": &lt;message&gt;</c> (or the error type named by <c>reason</c>) on the
/// path extended by <c>fieldPath</c>; without a message the detail is <c>failed rule: &lt;rule&gt;</c>. Rules that use
/// <c>oldSelf</c> (transition rules) run only when an old object is given; old values are matched by property name,
/// map key and list-map keys. Compiled programs are cached per instance; the cache is thread-safe.
/// </summary>
internal sealed partial class CelRuleValidator
{
    private readonly CelEnvironment _environment = CelLibrary.CreateEnvironment();
    private readonly ConcurrentDictionary<string, (CelProgram? Program, string? Error)> _programs = new(StringComparer.Ordinal);
    private readonly Lock _compileLock = new();

    public IReadOnlyList<FieldError> Validate(JsonNode? obj, JsonNode? oldObj, V1JSONSchemaProps schema, FieldPath path, bool isResourceRoot)
    {
        var errors = new List<FieldError>();
        ValidateNode(obj, oldObj, schema, path, isResourceRoot, errors);
        return errors;
    }

    private void ValidateNode(JsonNode? obj, JsonNode? oldObj, V1JSONSchemaProps s, FieldPath path, bool isResourceRoot, List<FieldError> errors)
    {
        if (obj is null)
        {
            return;
        }

        ValidateRules(obj, oldObj, s, s.XKubernetesValidations, path, isResourceRoot, errors);
        foreach (var allOf in s.AllOf ?? [])
        {
            ValidateRules(obj, oldObj, s, allOf.XKubernetesValidations, path, isResourceRoot, errors);
        }

        switch (obj)
        {
            case JsonArray array when s.ItemsSchema() is { } items:
                var oldArray = oldObj as JsonArray;
                for (var i = 0; i < array.Count; i++)
                {
                    var oldItem = s.XKubernetesListType == "map" ? FindByKeys(oldArray, array[i], s.XKubernetesListMapKeys) : null;
                    ValidateNode(array[i], oldItem, items, path.Index(i), items.IsEmbeddedResource(), errors);
                }

                break;
            case JsonObject map:
                var oldMap = s.XKubernetesMapType == "atomic" ? null : oldObj as JsonObject;
                foreach (var (key, value) in map.OrderBy(p => p.Key, StringComparer.Ordinal))
                {
                    var oldValue = oldMap is not null && oldMap.TryGetPropertyValue(key, out var o) ? o : null;
                    if (s.Property(key) is { } prop)
                    {
                        ValidateNode(value, oldValue, prop, path.Child(key), prop.IsEmbeddedResource(), errors);
                    }
                    else if (s.AdditionalPropertiesSchema() is { } additional)
                    {
                        ValidateNode(value, oldValue, additional, path.Key(key), additional.IsEmbeddedResource(), errors);
                    }
                }

                break;
        }
    }

    private void ValidateRules(JsonNode obj, JsonNode? oldObj, V1JSONSchemaProps s, IList<V1ValidationRule>? rules, FieldPath path, bool isResourceRoot, List<FieldError> errors)
    {
        if (rules is null || rules.Count == 0)
        {
            return;
        }

        var type = isResourceRoot ? "object" : s.Type ?? string.Empty;
        var self = CelValueConverter.Convert(obj, s, isResourceRoot);
        var oldSelf = oldObj is null ? null : CelValueConverter.Convert(oldObj, s, isResourceRoot);
        foreach (var rule in rules)
        {
            var expression = rule.Rule ?? string.Empty;
            if (expression.Trim().Length == 0)
            {
                continue;
            }

            var usesOldSelf = OldSelfReference().IsMatch(expression);
            if (usesOldSelf && oldObj is null)
            {
                // Transition rules are evaluated only when there is an existing value to compare with.
                continue;
            }

            var variables = new Dictionary<string, object?> { ["self"] = self };
            if (usesOldSelf)
            {
                variables["oldSelf"] = oldSelf;
            }

            var (program, compileError) = Compile(expression);
            if (program is null)
            {
                errors.Add(new FieldError(FieldErrorType.Invalid, path.ToString(), GoFormat.Quote(type), $"rule compile error: {compileError}"));
                continue;
            }

            object? result;
            try
            {
                result = program.Invoke(variables);
            }
            catch (Exception e) when (IsCompileTimeError(e))
            {
                errors.Add(new FieldError(FieldErrorType.Invalid, path.ToString(), GoFormat.Quote(type), $"rule compile error: {CompileErrorText(expression, e)}"));
                continue;
            }
            catch (Exception e) when (e is global::Cel.CelException or InvalidCastException or ArgumentException or InvalidOperationException or FormatException or OverflowException or KeyNotFoundException or IndexOutOfRangeException or NullReferenceException)
            {
                errors.Add(new FieldError(FieldErrorType.Invalid, path.ToString(), GoFormat.Quote(type), RuntimeErrorText(e, rule)));
                continue;
            }

            if (result is true)
            {
                continue;
            }

            var errorPath = ApplyFieldPath(path, s, rule.FieldPath);
            var message = MessageFor(rule, variables);
            errors.Add(ErrorForReason(rule.Reason, errorPath, type, message));
        }
    }

    private (CelProgram? Program, string? Error) Compile(string expression) => _programs.GetOrAdd(expression, CompileNew);

    private (CelProgram? Program, string? Error) CompileNew(string expression)
    {
        lock (_compileLock)
        {
            try
            {
                return (_environment.Compile(expression), null);
            }
            catch (Exception e) when (e is global::Cel.CelException or ArgumentException or InvalidOperationException or NotSupportedException)
            {
                return (null, CompileErrorText(expression, e));
            }
        }
    }

    private string MessageFor(V1ValidationRule rule, Dictionary<string, object?> variables)
    {
        if (!string.IsNullOrWhiteSpace(rule.MessageExpression))
        {
            var (program, _) = Compile(rule.MessageExpression);
            if (program is not null)
            {
                try
                {
                    if (program.Invoke(variables) is string text && text.Trim().Length > 0 && !text.Contains('\n', StringComparison.Ordinal))
                    {
                        return text.Trim();
                    }
                }
                catch (Exception e) when (e is global::Cel.CelException or InvalidCastException or ArgumentException or InvalidOperationException)
                {
                    // A failing messageExpression falls back to the message, as in Kubernetes.
                }
            }
        }

        return string.IsNullOrWhiteSpace(rule.Message) ? "failed rule: " + RuleErrorString(rule) : rule.Message.Trim();
    }

    // fieldErrorForReason in validation.go
    private static FieldError ErrorForReason(string? reason, FieldPath path, string type, string detail) => reason switch
    {
        "FieldValueForbidden" => FieldError.Forbidden(path, detail),
        "FieldValueRequired" => FieldError.Required(path, detail),
        "FieldValueDuplicate" => new FieldError(FieldErrorType.Duplicate, path.ToString(), GoFormat.Quote(type), string.Empty),
        _ => new FieldError(FieldErrorType.Invalid, path.ToString(), GoFormat.Quote(type), detail),
    };

    private static string RuleErrorString(V1ValidationRule rule) =>
        string.IsNullOrWhiteSpace(rule.Message) ? (rule.Rule ?? string.Empty).Trim() : rule.Message.Trim();

    private static bool IsCompileTimeError(Exception e) =>
        e is global::Cel.CelExpressionParserException or global::Cel.CelUnboundFunctionException or global::Cel.CelUndeclaredReferenceException;

    private static string CompileErrorText(string expression, Exception e) =>
        $"compilation failed for rule {GoFormat.Quote(expression)}: {e.Message}";

    // The runtime errors of cel-go that Kubernetes reports as "<error> evaluating rule: <rule>".
    private static string RuntimeErrorText(Exception e, V1ValidationRule rule)
    {
        var ruleText = RuleErrorString(rule);
        switch (e)
        {
            case global::Cel.CelNoSuchOverloadException:
                return $"'no such overload': call arguments did not match a supported operator, function or macro signature for rule: {ruleText}";
            case global::Cel.CelNoSuchFieldException:
                var field = FieldName().Match(e.Message);
                return $"no such key: {(field.Success ? field.Groups[1].Value : e.Message)} evaluating rule: {ruleText}";
            case global::Cel.CelArgumentRangeException:
                return $"index out of bounds evaluating rule: {ruleText}";
            case global::Cel.CelDivideByZeroException:
                return $"division by zero evaluating rule: {ruleText}";
            case global::Cel.CelModulusByZeroException:
                return $"modulus by zero evaluating rule: {ruleText}";
            case global::Cel.CelOverflowException or OverflowException:
                return $"integer overflow evaluating rule: {ruleText}";
            default:
                return $"{e.Message} evaluating rule: {ruleText}";
        }
    }

    // The rule's fieldPath (".a.b", "['x']"), relative to the node, naming properties as children and map keys as keys.
    private static FieldPath ApplyFieldPath(FieldPath path, V1JSONSchemaProps schema, string? fieldPath)
    {
        if (string.IsNullOrWhiteSpace(fieldPath))
        {
            return path;
        }

        var result = path;
        V1JSONSchemaProps? current = schema;
        foreach (Match part in FieldPathPart().Matches(fieldPath))
        {
            var name = part.Groups["dot"].Success ? part.Groups["dot"].Value : part.Groups["quoted"].Value.Replace("\\'", "'", StringComparison.Ordinal);
            if (current?.Properties is { Count: > 0 } && current.Property(name) is { } prop)
            {
                result = result.Child(name);
                current = prop;
            }
            else if (current?.AdditionalPropertiesSchema() is { } additional)
            {
                result = result.Key(name);
                current = additional;
            }
            else
            {
                return path;
            }
        }

        return result;
    }

    private static JsonNode? FindByKeys(JsonArray? oldArray, JsonNode? item, IList<string>? keys)
    {
        if (oldArray is null || item is not JsonObject obj || keys is null || keys.Count == 0)
        {
            return null;
        }

        return oldArray.FirstOrDefault(old => old is JsonObject o && keys.All(k =>
            JsonValues.SemanticEquals(obj.TryGetPropertyValue(k, out var a) ? a : null, o.TryGetPropertyValue(k, out var b) ? b : null)
            && obj.ContainsKey(k) == o.ContainsKey(k)));
    }

    [GeneratedRegex(@"\boldSelf\b")]
    private static partial Regex OldSelfReference();

    [GeneratedRegex(@"field '([^']*)'")]
    private static partial Regex FieldName();

    [GeneratedRegex(@"\.(?<dot>[^.\[]+)|\['(?<quoted>(?:[^'\\]|\\.)*)'\]")]
    private static partial Regex FieldPathPart();
}
