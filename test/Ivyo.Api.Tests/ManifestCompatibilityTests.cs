using Ivyo.Api.Crd;
using Ivyo.Manifests;
using Ivyo.Schema.Validation;

namespace Ivyo.Api.Tests;

/// <summary>ivory-operator's own example and kuttl test manifests, and ours, are accepted as they are.</summary>
public sealed class ManifestCompatibilityTests
{
    private static readonly IvoryClusterSchema s_schema = new();

    public static TheoryData<string> ExampleFiles()
    {
        var data = new TheoryData<string>();
        foreach (var root in new[] { Path.Combine("testassets", "reference", "examples"), Path.Combine("testassets", "reference", "kuttl"), "examples" })
        {
            foreach (var file in Directory.GetFiles(RepositoryFiles.PathOf(root), "*.yaml", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
            {
                if (Path.GetFileName(file) != "kustomization.yaml")
                {
                    data.Add(Path.GetRelativePath(RepositoryFiles.Root, file));
                }
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(ExampleFiles))]
    public void Example_parses_with_no_unknown_fields(string file)
    {
        var documents = ManifestLoader.LoadFile(RepositoryFiles.PathOf(file)).Where(d => d.Kind == "IvoryCluster").ToList();
        Assert.NotEmpty(documents);
        foreach (var document in documents)
        {
            var result = s_schema.Read(document.Object, FieldValidation.Strict);
            Assert.True(result.IsValid, $"{file}: {string.Join("; ", result.Errors)}");
            Assert.Empty(result.Warnings);
        }
    }

    [Fact]
    public void Reading_applies_schema_and_ivyo_defaults()
    {
        var document = ManifestLoader.Parse("""
            apiVersion: ivory-operator.ivorysql.org/v1beta1
            kind: IvoryCluster
            metadata: {name: hippo}
            spec:
              postgresVersion: 15
              instances:
              - dataVolumeClaimSpec: {accessModes: [ReadWriteOnce], resources: {requests: {storage: 1Gi}}}
              backups: {pgbackrest: {repos: [{name: repo1}]}}
              patroni: {switchover: {enabled: true}}
              users: [{name: rhino, password: {}}]
            """, "inline")[0];
        var cluster = s_schema.Read(document.Object).Cluster!;

        Assert.Equal(5432, cluster.Spec.Port);
        var set = Assert.Single(cluster.Spec.Instances);
        Assert.Equal(("00", 1), (set.Name, set.Replicas));
        Assert.Equal((30, 10, 8008), (cluster.Spec.Patroni!.LeaderLeaseDurationSeconds, cluster.Spec.Patroni.SyncPeriodSeconds, cluster.Spec.Patroni.Port));
        Assert.Equal("Switchover", cluster.Spec.Patroni.Switchover!.Type);
        Assert.Equal("ASCII", cluster.Spec.Users![0].Password!.Type);
        Assert.Equal("1Gi", set.DataVolumeClaimSpec.Resources.Requests["storage"].ToString());
    }

    [Fact]
    public void Unknown_fields_warn_or_are_dropped_outside_strict_mode()
    {
        var text = File.ReadAllText(RepositoryFiles.PathOf("testassets", "invalid", "unknown-field.yaml"));
        var document = ManifestLoader.Parse(text, "unknown-field.yaml")[0];

        var warn = s_schema.Read(document.Object, FieldValidation.Warn);
        Assert.True(warn.IsValid);
        Assert.Contains(warn.Warnings, warning => warning.Contains("spec.instances[0].replica", StringComparison.Ordinal));

        var ignore = s_schema.Read(document.Object, FieldValidation.Ignore);
        Assert.True(ignore.IsValid);
        Assert.Empty(ignore.Warnings);
    }

    [Fact]
    public void Free_form_dynamic_configuration_is_kept_whole()
    {
        var document = ManifestLoader.LoadFile(RepositoryFiles.PathOf("examples", "kustomize", "synchronous-replication", "ivory.yaml"))[0];
        var cluster = s_schema.Read(document.Object).Cluster!;
        var dynamic = cluster.Spec.Patroni!.DynamicConfiguration!;
        Assert.True((bool)dynamic["synchronous_mode"]!);
        Assert.True((bool)dynamic["synchronous_mode_strict"]!);
        Assert.Equal("on", (string)dynamic["postgresql"]!["parameters"]!["synchronous_commit"]!);
    }
}
