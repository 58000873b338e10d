using Ivyo.Api.V1Beta1;
using Ivyo.Operator.Images;
using Ivyo.Operator.Postgres;
using Ivyo.Operator.Tests.Patroni;
using k8s.Models;

namespace Ivyo.Operator.Tests.Postgres;

public sealed class PostgresParametersTests
{
    private static ParameterSet Build(string? image = PatroniClusters.IvoryImage, IvoryCluster? cluster = null) =>
        PostgresParameters.Build(cluster ?? PatroniClusters.Hippo(), ImageCatalog.Default, image);

    [Fact]
    public void Mandatory_parameters_match_ivory_operator()
    {
        var mandatory = Build(PatroniClusters.StockImage).Mandatory;

        Assert.Equal(new Dictionary<string, string>
        {
            ["unix_socket_directories"] = "/tmp/postgres",
            ["wal_level"] = "logical",
            ["ssl"] = "on",
            ["ssl_cert_file"] = "/pgconf/tls/tls.crt",
            ["ssl_key_file"] = "/pgconf/tls/tls.key",
            ["ssl_ca_file"] = "/pgconf/tls/ca.crt",
        }, mandatory);
    }

    [Fact]
    public void Defaults_match_ivory_operator()
    {
        var defaults = Build().Default;

        Assert.Equal(new Dictionary<string, string>
        {
            ["jit"] = "off",
            ["password_encryption"] = "scram-sha-256",
            ["huge_pages"] = "off",
        }, defaults);
    }

    [Fact]
    public void Ivorysql_image_preloads_its_oracle_compatibility_libraries()
    {
        Assert.Equal("liboracle_parser,ivorysql_ora", Build(PatroniClusters.IvoryImage).Mandatory["shared_preload_libraries"]);
    }

    [Theory]
    [InlineData(PatroniClusters.StockImage)]
    [InlineData("docker.io/ivorysql/pgbackrest:2.47")]
    [InlineData("")]
    [InlineData(null)]
    public void Images_without_catalog_libraries_preload_nothing(string? image)
    {
        Assert.False(Build(image).Mandatory.ContainsKey("shared_preload_libraries"));
    }

    [Fact]
    public void Huge_pages_are_tried_when_an_instance_set_requests_them()
    {
        var cluster = PatroniClusters.Hippo();
        cluster.Spec.Instances.Add(new InstanceSet
        {
            Name = "01",
            Resources = new V1ResourceRequirements
            {
                Limits = new Dictionary<string, ResourceQuantity> { ["hugepages-2Mi"] = new("16Mi"), ["memory"] = new("1Gi") },
            },
        });

        Assert.Equal("try", Build(cluster: cluster).Default["huge_pages"]);
    }

    [Fact]
    public void Zero_huge_pages_are_not_a_request()
    {
        var cluster = PatroniClusters.Hippo();
        cluster.Spec.Instances[0].Resources = new V1ResourceRequirements
        {
            Limits = new Dictionary<string, ResourceQuantity> { ["hugepages-1Gi"] = new("0") },
        };

        Assert.Equal("off", Build(cluster: cluster).Default["huge_pages"]);
    }

    [Fact]
    public void Other_components_add_their_parameters()
    {
        var parameters = Build();

        parameters.AddMandatory(new Dictionary<string, string>
        {
            ["archive_mode"] = "on",
            ["ARCHIVE_COMMAND"] = "pgbackrest --stanza=db archive-push \"%p\"",
            ["shared_preload_libraries"] = "pgaudit",
        });
        parameters.AddDefaults(new Dictionary<string, string> { ["archive_timeout"] = "60s" });

        Assert.Equal("on", parameters.Mandatory["archive_mode"]);
        Assert.Equal("pgbackrest --stanza=db archive-push \"%p\"", parameters.Mandatory["archive_command"]);
        Assert.Equal("liboracle_parser,ivorysql_ora,pgaudit", parameters.Mandatory["shared_preload_libraries"]);
        Assert.Equal("60s", parameters.Default["archive_timeout"]);
    }

    [Theory]
    [InlineData("a,b", "c", "a,b,c")]
    [InlineData("a", "", "a")]
    [InlineData("", "b", "b")]
    [InlineData(null, null, "")]
    [InlineData("a, b", " b ,c,,a", "a,b,c")]
    public void Preload_lists_combine_in_order_without_repeats(string? first, string? second, string expected)
    {
        Assert.Equal(expected, PreloadLibraryList.Combine(first, second));
    }
}
