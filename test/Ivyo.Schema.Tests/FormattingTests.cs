using System.Text.Json.Nodes;
using Ivyo.Schema.Json;
using Ivyo.Schema.Validation;

namespace Ivyo.Schema.Tests;

/// <summary>Go-compatible value formatting, paths and YAML scalar resolution.</summary>
public sealed class FormattingTests
{
    [Theory]
    [InlineData(1.5, "1.5")]
    [InlineData(123456d, "123456")]
    [InlineData(1e6, "1e+06")]
    [InlineData(1234567d, "1.234567e+06")]
    [InlineData(0.0001, "0.0001")]
    [InlineData(0.00001, "1e-05")]
    [InlineData(-2.25, "-2.25")]
    [InlineData(1e21, "1e+21")]
    public void Floats_print_like_go_percent_v(double value, string expected) => Assert.Equal(expected, GoFormat.Float(value));

    [Theory]
    [InlineData("plain", "\"plain\"")]
    [InlineData("say \"hi\"\\", "\"say \\\"hi\\\"\\\\\"")]
    [InlineData("tab\tline\n", "\"tab\\tline\\n\"")]
    [InlineData("\u0001", "\"\\x01\"")]
    [InlineData("héllo", "\"héllo\"")]
    public void Strings_quote_like_strconv_quote(string value, string expected) => Assert.Equal(expected, GoFormat.Quote(value));

    [Fact]
    public void Compound_values_print_like_go_sharp_v()
    {
        var value = JsonNode.Parse("""{"b":[1,"x",null,true],"a":{"c":1.5}}""");
        Assert.Equal("map[string]interface {}{\"a\":map[string]interface {}{\"c\":1.5}, \"b\":[]interface {}{1, \"x\", interface {}(nil), true}}", GoFormat.SharpV(value));
    }

    [Fact]
    public void Field_paths_print_like_field_path()
    {
        Assert.Equal("<nil>", FieldPath.Root.ToString());
        Assert.Equal("spec.instances[0].labels[app]", FieldPath.Root.Child("spec").Child("instances").Index(0).Child("labels").Key("app").ToString());
        Assert.Equal("spec.instances[2].name", FieldPath.Parse("spec.instances[2].name").ToString());
    }

    [Fact]
    public void Yaml_scalars_resolve_like_kubectl()
    {
        var node = YamlJson.Parse("""
            a: yes
            b: "yes"
            c: 0x10
            d: 1.5
            e: ~
            f: 010
            g: 1_000
            h: 12abc
            i: -7
            j: '5'
            """)!;
        Assert.True(node["a"]!.GetValue<bool>());
        Assert.Equal("yes", node["b"]!.GetValue<string>());
        Assert.Equal(16, node["c"]!.GetValue<long>());
        Assert.Equal(1.5, node["d"]!.GetValue<double>());
        Assert.Null(node["e"]);
        Assert.Equal(8, node["f"]!.GetValue<long>());
        Assert.Equal(1000, node["g"]!.GetValue<long>());
        Assert.Equal("12abc", node["h"]!.GetValue<string>());
        Assert.Equal(-7, node["i"]!.GetValue<long>());
        Assert.Equal("5", node["j"]!.GetValue<string>());
    }

    [Fact]
    public void Yaml_streams_yield_every_document() =>
        Assert.Equal(2, YamlJson.ParseAll("a: 1\n---\nb: 2\n").Count);
}
