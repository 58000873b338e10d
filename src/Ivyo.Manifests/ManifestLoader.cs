using System.Text.Json.Nodes;
using Ivyo.Schema.Json;
using YamlDotNet.Core;

namespace Ivyo.Manifests;

/// <summary>
/// Reads manifests the way <c>kubectl apply -f</c> and <c>-k</c> find them: a file, a directory of <c>.yaml</c>,
/// <c>.yml</c> and <c>.json</c> files, standard input (<c>-</c>), or a kustomization directory.
/// </summary>
public static class ManifestLoader
{
    public static IReadOnlyList<ManifestDocument> LoadFile(string path, TextReader? stdin = null)
    {
        if (path == "-")
        {
            return Parse((stdin ?? Console.In).ReadToEnd(), "<stdin>");
        }

        if (Directory.Exists(path))
        {
            return [.. Directory.EnumerateFiles(path)
                .Where(file => Path.GetExtension(file) is ".yaml" or ".yml" or ".json")
                .Order(StringComparer.Ordinal)
                .SelectMany(file => LoadFile(file))];
        }

        if (!File.Exists(path))
        {
            throw new ManifestException($"the path \"{path}\" does not exist");
        }

        return Parse(File.ReadAllText(path), path);
    }

    /// <summary>
    /// The objects of a kustomization directory. Supported: <c>resources</c> (files and nested kustomizations),
    /// <c>namespace</c>, <c>labels</c>/<c>commonLabels</c> and <c>commonAnnotations</c>. Anything else is refused by
    /// name rather than ignored; pipe <c>kubectl kustomize</c> into <c>-f -</c> for the full language.
    /// </summary>
    public static IReadOnlyList<ManifestDocument> LoadKustomization(string directory)
    {
        var file = new[] { "kustomization.yaml", "kustomization.yml", "Kustomization" }
            .Select(name => Path.Combine(directory, name))
            .FirstOrDefault(File.Exists)
            ?? throw new ManifestException($"unable to find one of 'kustomization.yaml', 'kustomization.yml' or 'Kustomization' in directory '{directory}'");

        var documents = Parse(File.ReadAllText(file), file);
        var kustomization = documents.Count == 1 ? documents[0].Object : new JsonObject();
        var supported = new HashSet<string>(StringComparer.Ordinal)
        {
            "apiVersion", "kind", "resources", "namespace", "labels", "commonLabels", "commonAnnotations",
        };
        foreach (var (key, _) in kustomization)
        {
            if (!supported.Contains(key))
            {
                throw new ManifestException(
                    $"{file}: the kustomization field \"{key}\" is not supported here; supported fields: {string.Join(", ", supported.Order(StringComparer.Ordinal))}. Use `kubectl kustomize {directory} | ivyo render -f -` instead.");
            }
        }

        var result = new List<ManifestDocument>();
        foreach (var resource in kustomization["resources"]?.AsArray() ?? [])
        {
            var path = Path.Combine(directory, (string?)resource ?? throw new ManifestException($"{file}: resources must be strings"));
            result.AddRange(Directory.Exists(path) ? LoadKustomization(path) : LoadFile(path));
        }

        var ns = (string?)kustomization["namespace"];
        var labels = CollectLabels(kustomization);
        var annotations = kustomization["commonAnnotations"]?.AsObject();
        foreach (var document in result)
        {
            var metadata = document.Object["metadata"] as JsonObject ?? new JsonObject();
            document.Object["metadata"] = metadata;
            if (ns is not null)
            {
                metadata["namespace"] = ns;
            }

            Add(metadata, "labels", labels);
            Add(metadata, "annotations", annotations);
        }

        return result;
    }

    /// <summary>The objects of a YAML or JSON stream; <paramref name="source"/> names it in errors.</summary>
    public static IReadOnlyList<ManifestDocument> Parse(string text, string source)
    {
        IReadOnlyList<JsonNode?> nodes;
        try
        {
            nodes = YamlJson.ParseAll(text);
        }
        catch (Exception e) when (e is YamlException or FormatException)
        {
            var where = e is YamlException yaml ? $" at line {yaml.Start.Line}, column {yaml.Start.Column}" : "";
            throw new ManifestException($"{source}: invalid YAML{where}: {e.Message}", e);
        }

        var documents = new List<ManifestDocument>();
        for (var i = 0; i < nodes.Count; i++)
        {
            switch (nodes[i])
            {
                case null:
                    continue;
                case JsonObject obj:
                    documents.Add(new ManifestDocument(obj, source, i));
                    break;
                default:
                    throw new ManifestException($"{source}: document {i + 1} is not a mapping; a manifest must be an object with apiVersion and kind");
            }
        }

        return documents;
    }

    private static JsonObject? CollectLabels(JsonObject kustomization)
    {
        var labels = new JsonObject();
        foreach (var (key, value) in kustomization["commonLabels"]?.AsObject() ?? [])
        {
            labels[key] = value?.DeepClone();
        }

        foreach (var entry in kustomization["labels"]?.AsArray() ?? [])
        {
            foreach (var (key, value) in entry?["pairs"]?.AsObject() ?? [])
            {
                labels[key] = value?.DeepClone();
            }
        }

        return labels.Count == 0 ? null : labels;
    }

    private static void Add(JsonObject metadata, string field, JsonObject? values)
    {
        if (values is null)
        {
            return;
        }

        var target = metadata[field] as JsonObject ?? new JsonObject();
        metadata[field] = target;
        foreach (var (key, value) in values)
        {
            target[key] = value?.DeepClone();
        }
    }
}
