using System.Text.Json.Nodes;
using Ivyo.Operator.Patroni;
using YamlDotNet.RepresentationModel;

namespace Ivyo.Operator.Tests.Patroni;

public sealed class YamlTextTests
{
    [Theory]
    [InlineData("off")]
    [InlineData("on")]
    [InlineData("yes")]
    [InlineData("No")]
    [InlineData("true")]
    [InlineData("null")]
    [InlineData("~")]
    [InlineData("5432")]
    [InlineData("0.9")]
    [InlineData("-1")]
    [InlineData(".inf")]
    [InlineData("1e3")]
    [InlineData("60s")]
    [InlineData("")]
    [InlineData(" padded")]
    public void Strings_that_read_as_other_types_are_quoted(string value)
    {
        var yaml = YamlText.Serialize(new JsonObject { ["key"] = value });

        var scalar = Assert.IsType<YamlScalarNode>(YamlAssert.At(YamlAssert.Load(yaml), "key"));
        Assert.Equal(value, scalar.Value);
        Assert.NotEqual(YamlDotNet.Core.ScalarStyle.Plain, scalar.Style);
    }

    [Theory]
    [InlineData("scram-sha-256")]
    [InlineData("/pgconf/tls/tls.crt")]
    [InlineData("logical")]
    [InlineData("local all \"postgres\" peer")]
    public void Ordinary_strings_stay_plain(string value)
    {
        var yaml = YamlText.Serialize(new JsonObject { ["key"] = value });

        Assert.Equal($"key: {value}\n", yaml);
    }

    [Fact]
    public void Special_and_multiline_strings_read_back_unchanged()
    {
        var values = new[] { "*:5432", "a: b", "# not a comment", "line one\nline two\n", "tab\there", "'quoted'", "- dash" };
        var node = new JsonObject();
        for (var i = 0; i < values.Length; i++)
        {
            node["k" + i] = values[i];
        }

        var root = YamlAssert.Load(YamlText.Serialize(node));

        for (var i = 0; i < values.Length; i++)
        {
            Assert.Equal(values[i], YamlAssert.Scalar(root, "k" + i));
        }
    }

    [Fact]
    public void Keys_are_sorted_and_values_keep_their_types()
    {
        var node = new JsonObject
        {
            ["b"] = 1,
            ["a"] = new JsonArray(true, null, 2.5, "x"),
            ["C"] = new JsonObject(),
            ["d"] = new JsonArray(),
        };

        Assert.Equal("C: {}\na:\n- true\n- null\n- 2.5\n- x\nb: 1\nd: []\n", YamlText.Serialize(node));
    }

    [Fact]
    public void Long_lines_are_not_folded()
    {
        var value = string.Join(' ', Enumerable.Repeat("word", 60));

        Assert.Equal($"key: {value}\n", YamlText.Serialize(new JsonObject { ["key"] = value }));
    }
}
