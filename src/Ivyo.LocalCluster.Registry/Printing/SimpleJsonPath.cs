using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Ivyo.LocalCluster.Registry.Printing;

/// <summary>
/// The JSONPath subset CRD printer columns use (k8s.io/client-go/util/jsonpath): an optional <c>{...}</c> wrapper,
/// fields (<c>.spec.replicas</c>, <c>['a.b']</c>), indexes (<c>[0]</c>, <c>[-1]</c>), wildcards (<c>[*]</c>,
/// <c>.*</c>) and filters comparing a field with a literal (<c>[?(@.type=="Ready")]</c>, <c>!=</c>, or a bare
/// <c>[?(@.field)]</c> existence test). Evaluation yields every match in document order; a missing field yields none.
/// </summary>
public sealed class SimpleJsonPath
{
    private readonly IReadOnlyList<Step> _steps;

    private SimpleJsonPath(string expression, IReadOnlyList<Step> steps)
    {
        Expression = expression;
        _steps = steps;
    }

    public string Expression { get; }

    public static SimpleJsonPath Parse(string expression)
    {
        ArgumentNullException.ThrowIfNull(expression);
        var text = expression.Trim();
        if (text.StartsWith('{') && text.EndsWith('}'))
        {
            text = text[1..^1].Trim();
        }

        if (text.StartsWith('$'))
        {
            text = text[1..];
        }

        var steps = new List<Step>();
        var i = 0;
        while (i < text.Length)
        {
            if (text[i] == '.')
            {
                i++;
                if (i < text.Length && text[i] == '*')
                {
                    steps.Add(new Step(StepKind.Wildcard, null, 0, null));
                    i++;
                    continue;
                }

                var start = i;
                while (i < text.Length && text[i] != '.' && text[i] != '[')
                {
                    i++;
                }

                if (i > start)
                {
                    steps.Add(new Step(StepKind.Field, text[start..i], 0, null));
                }

                continue;
            }

            if (text[i] != '[')
            {
                throw new FormatException($"unrecognized character in jsonpath {expression}");
            }

            var close = FindClose(text, i);
            var inner = text[(i + 1)..close].Trim();
            i = close + 1;
            if (inner == "*")
            {
                steps.Add(new Step(StepKind.Wildcard, null, 0, null));
            }
            else if (inner.StartsWith("?(", StringComparison.Ordinal) && inner.EndsWith(')'))
            {
                steps.Add(new Step(StepKind.Filter, null, 0, ParseFilter(inner[2..^1].Trim(), expression)));
            }
            else if (inner.Length >= 2 && (inner[0] == '\'' || inner[0] == '"') && inner[^1] == inner[0])
            {
                steps.Add(new Step(StepKind.Field, inner[1..^1], 0, null));
            }
            else if (int.TryParse(inner, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out var index))
            {
                steps.Add(new Step(StepKind.Index, null, index, null));
            }
            else
            {
                throw new FormatException($"unsupported jsonpath subscript [{inner}] in {expression}");
            }
        }

        return new SimpleJsonPath(expression, steps);
    }

    /// <summary>The matches of the path in the node, in document order.</summary>
    public IReadOnlyList<JsonNode?> Evaluate(JsonNode? root)
    {
        IEnumerable<JsonNode?> current = [root];
        foreach (var step in _steps)
        {
            current = current.SelectMany(step.Apply).ToList();
        }

        return [.. current];
    }

    private static int FindClose(string text, int open)
    {
        var depth = 0;
        char? quote = null;
        for (var j = open; j < text.Length; j++)
        {
            var c = text[j];
            if (quote is not null)
            {
                if (c == quote)
                {
                    quote = null;
                }
            }
            else if (c is '\'' or '"')
            {
                quote = c;
            }
            else if (c == '[')
            {
                depth++;
            }
            else if (c == ']' && --depth == 0)
            {
                return j;
            }
        }

        throw new FormatException($"unterminated [ in jsonpath {text}");
    }

    private static Filter ParseFilter(string condition, string expression)
    {
        foreach (var op in new[] { "==", "!=" })
        {
            var at = condition.IndexOf(op, StringComparison.Ordinal);
            if (at > 0)
            {
                return new Filter(ParseRelative(condition[..at].Trim(), expression), op, ParseLiteral(condition[(at + 2)..].Trim()));
            }
        }

        return new Filter(ParseRelative(condition, expression), null, null);
    }

    private static SimpleJsonPath ParseRelative(string path, string expression) =>
        path.StartsWith('@') ? Parse(path[1..]) : throw new FormatException($"filter must start with @ in jsonpath {expression}");

    private static JsonNode? ParseLiteral(string literal)
    {
        if (literal.Length >= 2 && (literal[0] == '\'' || literal[0] == '"') && literal[^1] == literal[0])
        {
            return JsonValue.Create(literal[1..^1]);
        }

        try
        {
            return JsonNode.Parse(literal);
        }
        catch (JsonException)
        {
            return JsonValue.Create(literal);
        }
    }

    private enum StepKind
    {
        Field,
        Index,
        Wildcard,
        Filter,
    }

    private sealed record Filter(SimpleJsonPath Left, string? Operator, JsonNode? Right)
    {
        public bool Matches(JsonNode? item)
        {
            var values = Left.Evaluate(item);
            if (Operator is null)
            {
                return values.Count > 0 && values[0] is not null;
            }

            var equal = values.Count > 0 && ValuesEqual(values[0], Right);
            return Operator == "==" ? equal : !equal;
        }

        private static bool ValuesEqual(JsonNode? left, JsonNode? right)
        {
            if (left is JsonValue l && right is JsonValue r && l.GetValueKind() == JsonValueKind.Number && r.GetValueKind() == JsonValueKind.Number)
            {
                return l.GetValue<double>() == r.GetValue<double>();
            }

            return JsonNode.DeepEquals(left, right);
        }
    }

    private sealed record Step(StepKind Kind, string? Name, int Index, Filter? Filter)
    {
        public IEnumerable<JsonNode?> Apply(JsonNode? node)
        {
            switch (Kind)
            {
                case StepKind.Field:
                    if (node is JsonObject obj && obj.TryGetPropertyValue(Name!, out var child))
                    {
                        yield return child;
                    }

                    break;
                case StepKind.Index:
                    if (node is JsonArray array)
                    {
                        var at = Index < 0 ? array.Count + Index : Index;
                        if (at >= 0 && at < array.Count)
                        {
                            yield return array[at];
                        }
                    }

                    break;
                case StepKind.Wildcard:
                    foreach (var item in Children(node))
                    {
                        yield return item;
                    }

                    break;
                case StepKind.Filter:
                    foreach (var item in Children(node).Where(Filter!.Matches))
                    {
                        yield return item;
                    }

                    break;
                default:
                    break;
            }
        }

        private static IEnumerable<JsonNode?> Children(JsonNode? node) => node switch
        {
            JsonArray array => array,
            JsonObject obj => obj.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => p.Value),
            _ => [],
        };
    }

    /// <summary>How the jsonpath printer writes a value: strings bare, other values as JSON.</summary>
    public static string Text(JsonNode? value)
    {
        if (value is JsonValue v && v.GetValueKind() == JsonValueKind.String)
        {
            return v.GetValue<string>();
        }

        var builder = new StringBuilder();
        builder.Append(value?.ToJsonString() ?? "null");
        return builder.ToString();
    }
}
