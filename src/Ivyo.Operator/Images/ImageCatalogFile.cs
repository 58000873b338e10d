using YamlDotNet.RepresentationModel;

namespace Ivyo.Operator.Images;

/// <summary>
/// Reads an image catalog from YAML (the operator's <c>IVYO_IMAGE_CATALOG</c>), for example the local cluster's, whose
/// IvorySQL image is stock PostgreSQL and preloads nothing:
/// <code>
/// images:
/// - image: docker.io/ivorysql/ivorysql:*
///   distribution: PostgreSql
///   preloadLibraries: []
/// </code>
/// A malformed file is refused with the path of what is wrong; nothing of it is used.
/// </summary>
public static class ImageCatalogFile
{
    public static ImageCatalog Load(string path)
    {
        try
        {
            return Parse(File.ReadAllText(path));
        }
        catch (IOException e)
        {
            throw new InvalidDataException($"image catalog {path}: {e.Message}", e);
        }
        catch (InvalidDataException e)
        {
            throw new InvalidDataException($"image catalog {path}: {e.Message}", e);
        }
    }

    public static ImageCatalog Parse(string yaml)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(yaml));
        }
        catch (YamlDotNet.Core.YamlException e)
        {
            throw new InvalidDataException($"not YAML: {e.Message}", e);
        }

        if (stream.Documents.Count != 1 || stream.Documents[0].RootNode is not YamlMappingNode root
            || !root.Children.TryGetValue(new YamlScalarNode("images"), out var imagesNode) || imagesNode is not YamlSequenceNode images)
        {
            throw new InvalidDataException("images: Required value: a list of images");
        }

        var entries = new List<ImageCatalogEntry>();
        for (var i = 0; i < images.Children.Count; i++)
        {
            var path = $"images[{i}]";
            if (images.Children[i] is not YamlMappingNode entry)
            {
                throw new InvalidDataException($"{path}: Invalid value: must be a mapping");
            }

            var image = Scalar(entry, "image", path) ?? throw new InvalidDataException($"{path}.image: Required value");
            var distributionText = Scalar(entry, "distribution", path) ?? throw new InvalidDataException($"{path}.distribution: Required value");
            if (!Enum.TryParse<Distribution>(distributionText, ignoreCase: false, out var distribution) || !Enum.IsDefined(distribution))
            {
                throw new InvalidDataException(
                    $"{path}.distribution: Unsupported value: \"{distributionText}\": supported values: {string.Join(", ", Enum.GetNames<Distribution>().Select(n => $"\"{n}\""))}");
            }

            var libraries = new List<string>();
            if (entry.Children.TryGetValue(new YamlScalarNode("preloadLibraries"), out var librariesNode))
            {
                if (librariesNode is not YamlSequenceNode list || list.Children.Any(item => item is not YamlScalarNode { Value.Length: > 0 }))
                {
                    throw new InvalidDataException($"{path}.preloadLibraries: Invalid value: must be a list of library names");
                }

                libraries.AddRange(list.Children.Select(item => ((YamlScalarNode)item).Value!));
            }

            entries.Add(new ImageCatalogEntry(image, distribution, libraries));
        }

        return new ImageCatalog(entries);
    }

    private static string? Scalar(YamlMappingNode entry, string key, string path)
    {
        if (!entry.Children.TryGetValue(new YamlScalarNode(key), out var node))
        {
            return null;
        }

        return node is YamlScalarNode { Value.Length: > 0 } scalar
            ? scalar.Value
            : throw new InvalidDataException($"{path}.{key}: Invalid value: must be a non-empty string");
    }
}
