using System.Text.Json.Nodes;

namespace Ivyo.LocalCluster.ApiServer.Requests;

/// <summary>
/// A parsed label selector in Kubernetes' string syntax: <c>a=b</c>, <c>a==b</c>, <c>a!=b</c>, <c>a in (x,y)</c>,
/// <c>a notin (x,y)</c>, <c>a</c> (exists) and <c>!a</c> (does not exist), joined by commas.
/// </summary>
public sealed record LabelSelector(IReadOnlyList<LabelRequirement> Requirements)
{
    public static LabelSelector Everything { get; } = new([]);

    public bool Matches(IReadOnlyDictionary<string, string> labels) => Requirements.All(r => r.Matches(labels));

    /// <summary>Whether the selector has no requirements (it then matches everything).</summary>
    public bool IsEmpty => Requirements.Count == 0;

    /// <summary>
    /// A metav1.LabelSelector object (<c>matchLabels</c> and <c>matchExpressions</c>), as Kubernetes'
    /// LabelSelectorAsSelector reads it; null for a missing selector.
    /// </summary>
    public static LabelSelector? FromObject(JsonNode? selector)
    {
        if (selector is not JsonObject fields)
        {
            return null;
        }

        var requirements = new List<LabelRequirement>();
        foreach (var (key, value) in fields["matchLabels"] as JsonObject ?? [])
        {
            requirements.Add(new LabelRequirement(key, LabelOperator.Equals, [(string?)value ?? ""]));
        }

        foreach (var expression in fields["matchExpressions"] as JsonArray ?? [])
        {
            var values = (expression?["values"] as JsonArray ?? []).Select(v => (string?)v ?? "").ToList();
            var op = (string?)expression?["operator"] switch
            {
                "In" => LabelOperator.In,
                "NotIn" => LabelOperator.NotIn,
                "Exists" => LabelOperator.Exists,
                "DoesNotExist" => LabelOperator.DoesNotExist,
                var other => throw new FormatException($"\"{other}\" is not a valid label selector operator"),
            };
            requirements.Add(new LabelRequirement((string?)expression?["key"] ?? "", op, values));
        }

        return new LabelSelector(requirements);
    }

    public static LabelSelector Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return Everything;
        }

        var requirements = new List<LabelRequirement>();
        foreach (var term in SplitTerms(text))
        {
            requirements.Add(ParseTerm(term.Trim(), text));
        }

        return new LabelSelector(requirements);
    }

    /// <summary>Splits on commas that are not inside parentheses.</summary>
    private static IEnumerable<string> SplitTerms(string text)
    {
        var depth = 0;
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            switch (text[i])
            {
                case '(':
                    depth++;
                    break;
                case ')':
                    depth--;
                    break;
                case ',' when depth == 0:
                    yield return text[start..i];
                    start = i + 1;
                    break;
            }
        }

        yield return text[start..];
    }

    private static LabelRequirement ParseTerm(string term, string whole)
    {
        if (term.Length == 0)
        {
            throw new FormatException($"unable to parse requirement: found '', expected: identifier in \"{whole}\"");
        }

        if (term.StartsWith('!'))
        {
            return new LabelRequirement(term[1..].Trim(), LabelOperator.DoesNotExist, []);
        }

        foreach (var (token, op) in new[] { ("!=", LabelOperator.NotEquals), ("==", LabelOperator.Equals), ("=", LabelOperator.Equals) })
        {
            var at = term.IndexOf(token, StringComparison.Ordinal);
            if (at > 0)
            {
                return new LabelRequirement(term[..at].Trim(), op, [term[(at + token.Length)..].Trim()]);
            }
        }

        foreach (var (token, op) in new[] { (" notin ", LabelOperator.NotIn), (" in ", LabelOperator.In) })
        {
            var at = term.IndexOf(token, StringComparison.Ordinal);
            if (at > 0)
            {
                var values = term[(at + token.Length)..].Trim();
                if (!values.StartsWith('(') || !values.EndsWith(')'))
                {
                    throw new FormatException($"unable to parse requirement: expected '(' and ')' around the values of \"{term}\"");
                }

                var list = values[1..^1].Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
                return new LabelRequirement(term[..at].Trim(), op, list);
            }
        }

        return new LabelRequirement(term, LabelOperator.Exists, []);
    }
}

public enum LabelOperator
{
    Equals,
    NotEquals,
    In,
    NotIn,
    Exists,
    DoesNotExist,
}

public sealed record LabelRequirement(string Key, LabelOperator Operator, IReadOnlyList<string> Values)
{
    public bool Matches(IReadOnlyDictionary<string, string> labels)
    {
        var has = labels.TryGetValue(Key, out var value);
        return Operator switch
        {
            LabelOperator.Equals => has && value == Values[0],
            LabelOperator.NotEquals => !has || value != Values[0],
            LabelOperator.In => has && Values.Contains(value),
            LabelOperator.NotIn => !has || !Values.Contains(value),
            LabelOperator.Exists => has,
            LabelOperator.DoesNotExist => !has,
            _ => false,
        };
    }
}
