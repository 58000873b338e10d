using YamlDotNet.RepresentationModel;

namespace Ivyo.Operator.Tests.Patroni;

/// <summary>Reads generated YAML back, as Patroni would, to assert on values rather than on text.</summary>
internal static class YamlAssert
{
    public static YamlMappingNode Load(string yaml)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        return Assert.IsType<YamlMappingNode>(Assert.Single(stream.Documents).RootNode);
    }

    /// <summary>The node at a path of mapping keys, such as <c>bootstrap</c>, <c>dcs</c>, <c>ttl</c>.</summary>
    public static YamlNode At(YamlNode root, params string[] path)
    {
        var node = root;
        foreach (var key in path)
        {
            var mapping = Assert.IsType<YamlMappingNode>(node);
            Assert.True(mapping.Children.ContainsKey(new YamlScalarNode(key)), $"missing key '{key}' in path {string.Join('.', path)}");
            node = mapping.Children[new YamlScalarNode(key)];
        }

        return node;
    }

    public static string Scalar(YamlNode root, params string[] path) =>
        Assert.IsType<YamlScalarNode>(At(root, path)).Value ?? "";

    public static bool Has(YamlNode root, params string[] path)
    {
        var node = root;
        foreach (var key in path)
        {
            if (node is not YamlMappingNode mapping || !mapping.Children.TryGetValue(new YamlScalarNode(key), out var next))
            {
                return false;
            }

            node = next;
        }

        return true;
    }

    public static IReadOnlyList<string> Strings(YamlNode root, params string[] path) =>
        [.. Assert.IsType<YamlSequenceNode>(At(root, path)).Children.Select(node => Assert.IsType<YamlScalarNode>(node).Value ?? "")];
}
