using System.Text.Json.Nodes;

namespace Ivyo.LocalCluster.ApiServer.Requests;

/// <summary>
/// A field selector: <c>metadata.name=x</c>, <c>status.phase!=Running</c>, <c>spec.nodeName=n1</c>, joined by commas.
/// Any field path of the object is accepted; Kubernetes restricts each resource to a few (it answers 400 for others),
/// which <see cref="Supported"/> reproduces.
/// </summary>
public sealed record FieldSelector(IReadOnlyList<(string Path, bool Equal, string Value)> Terms)
{
    public static FieldSelector Everything { get; } = new([]);

    public static FieldSelector Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return Everything;
        }

        var terms = new List<(string, bool, string)>();
        foreach (var term in text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var notEqual = term.IndexOf("!=", StringComparison.Ordinal);
            if (notEqual > 0)
            {
                terms.Add((term[..notEqual], false, term[(notEqual + 2)..]));
                continue;
            }

            var equal = term.IndexOf('=');
            if (equal <= 0)
            {
                throw new FormatException($"invalid selector: '{text}'; can't understand '{term}'");
            }

            var valueStart = term.Length > equal + 1 && term[equal + 1] == '=' ? equal + 2 : equal + 1;
            terms.Add((term[..equal], true, term[valueStart..]));
        }

        return new FieldSelector(terms);
    }

    /// <summary>Fields every resource can be selected by.</summary>
    public static IReadOnlySet<string> Common { get; } = new HashSet<string>(StringComparer.Ordinal) { "metadata.name", "metadata.namespace" };

    /// <summary>The first field not in <paramref name="supported"/>, or null when all are.</summary>
    public string? Unsupported(IReadOnlySet<string> supported) =>
        Terms.Select(t => t.Path).FirstOrDefault(p => !Common.Contains(p) && !supported.Contains(p));

    public bool Matches(JsonObject obj) => Terms.All(t => (Value(obj, t.Path) == t.Value) == t.Equal);

    private static string Value(JsonObject obj, string path)
    {
        JsonNode? node = obj;
        foreach (var part in path.Split('.'))
        {
            node = node?[part];
        }

        return node switch
        {
            null => "",
            JsonValue value when value.TryGetValue<string>(out var text) => text,
            _ => node.ToJsonString(),
        };
    }
}
