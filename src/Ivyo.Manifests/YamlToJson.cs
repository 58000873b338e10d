using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Ivyo.Manifests;

/// <summary>
/// Converts YAML documents to JSON as Kubernetes' YAML decoder does: plain scalars are typed (integers, floats,
/// booleans, null), quoted scalars are strings, and mapping keys are strings.
/// </summary>
public static partial class YamlToJson
{
    /// <summary>Every non-empty document of a YAML stream, with the line each starts at.</summary>
    public static IReadOnlyList<ManifestDocument> ParseStream(string yaml, string source)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(yaml));
        }
        catch (YamlException e)
        {
            throw new ManifestException($"{source}: invalid YAML at line {e.Start.Line}, column {e.Start.Column}: {e.Message}", e);
        }

        var documents = new List<ManifestDocument>();
        foreach (var document in stream.Documents)
        {
            var node = Convert(document.RootNode, source);
            if (node is null)
            {
                continue;
            }

            if (node is not JsonObject obj)
            {
                throw new ManifestException($"{source}: line {document.RootNode.Start.Line}: a manifest must be a mapping, not {Describe(node)}");
            }

            documents.Add(new ManifestDocument(obj, source, (int)document.RootNode.Start.Line));
        }

        return documents;
    }

    public static JsonNode? Convert(YamlNode node, string source) => node switch
    {
        YamlMappingNode mapping => ConvertMapping(mapping, source),
        YamlSequenceNode sequence => new JsonArray([.. sequence.Children.Select(child => Convert(child, source))]),
        YamlScalarNode scalar => ConvertScalar(scalar),
        _ => throw new ManifestException($"{source}: line {node.Start.Line}: unsupported YAML node"),
    };

    private static JsonObject ConvertMapping(YamlMappingNode mapping, string source)
    {
        var result = new JsonObject();
        foreach (var (key, value) in mapping.Children)
        {
            if (key is not YamlScalarNode { Value: { } name })
            {
                throw new ManifestException($"{source}: line {key.Start.Line}: mapping keys must be strings");
            }

            if (result.ContainsKey(name))
            {
                throw new ManifestException($"{source}: line {key.Start.Line}: duplicate key \"{name}\"");
            }

            result[name] = Convert(value, source);
        }

        return result;
    }

    private static JsonNode? ConvertScalar(YamlScalarNode scalar)
    {
        var value = scalar.Value ?? "";
        if (scalar.Style != ScalarStyle.Plain)
        {
            return JsonValue.Create(value);
        }

        // The YAML 1.2 core schema, plus the YAML 1.1 booleans Kubernetes' decoder still accepts.
        switch (value)
        {
            case "" or "~" or "null" or "Null" or "NULL":
                return null;
            case "true" or "True" or "TRUE":
                return JsonValue.Create(true);
            case "false" or "False" or "FALSE":
                return JsonValue.Create(false);
        }

        if (IntegerPattern().IsMatch(value) && long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var integer))
        {
            return JsonValue.Create(integer);
        }

        if (FloatPattern().IsMatch(value) && double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
        {
            return JsonValue.Create(number);
        }

        return JsonValue.Create(value);
    }

    private static string Describe(JsonNode node) => node switch
    {
        JsonArray => "a list",
        _ => "a scalar",
    };

    [GeneratedRegex(@"^[-+]?[0-9]+$")]
    private static partial Regex IntegerPattern();

    [GeneratedRegex(@"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$")]
    private static partial Regex FloatPattern();
}
