using System.Text.Json.Nodes;
using Ivyo.Schema.Generation;
using Ivyo.Schema.Json;
using Ivyo.Schema.Structural;
using Ivyo.Schema.Validation;
using k8s;
using k8s.Models;

namespace Ivyo.Schema.Tests;

/// <summary>
/// Checks the core-type facts against the IvorySQL operator's CRD (testassets/reference), which embeds Kubernetes
/// core types as controller-gen emits them, and runs the validator on that CRD and its example manifests.
/// </summary>
public sealed class ReferenceCrdTests
{
    private static readonly Lazy<JsonNode> Reference = new(() =>
        YamlJson.Parse(File.ReadAllText(RepositoryFiles.PathOf("testassets", "reference", "ivoryclusters.crd.yaml")))!);

    private static JsonNode ReferenceSchema => Reference.Value["spec"]!["versions"]![0]!["schema"]!["openAPIV3Schema"]!;

    public static TheoryData<string, Type> EmbeddedCoreTypes => new()
    {
        { "spec.backups.pgbackrest.configuration[]", typeof(V1VolumeProjection) },
        { "spec.backups.pgbackrest.jobs.affinity", typeof(V1Affinity) },
        { "spec.backups.pgbackrest.jobs.resources", typeof(V1ResourceRequirements) },
        { "spec.backups.pgbackrest.jobs.tolerations[]", typeof(V1Toleration) },
        { "spec.backups.pgbackrest.repoHost.topologySpreadConstraints[]", typeof(V1TopologySpreadConstraint) },
        { "spec.backups.pgbackrest.repoHost.sshConfigMap", typeof(V1ConfigMapProjection) },
        { "spec.backups.pgbackrest.repoHost.sshSecret", typeof(V1SecretProjection) },
        { "spec.customTLSSecret", typeof(V1SecretProjection) },
        { "spec.dataSource.pgbackrest.repo.volume.volumeClaimSpec", typeof(V1PersistentVolumeClaimSpec) },
        { "spec.imagePullSecrets[]", typeof(V1LocalObjectReference) },
        { "spec.instances[].containers[]", typeof(V1Container) },
        { "spec.instances[].tolerations[]", typeof(V1Toleration) },
        { "spec.userInterface.pgAdmin.config.ldapBindPassword", typeof(V1SecretKeySelector) },
        { "status.conditions[]", typeof(V1Condition) },
    };

    [Theory]
    [MemberData(nameof(EmbeddedCoreTypes))]
    public void Core_type_schema_agrees_with_the_reference_crd(string path, Type type)
    {
        var generated = JsonNode.Parse(KubernetesJson.Serialize(new SchemaGenerator().Generate(type)))!;
        Assert.Empty(SchemaDiff.Differences(At(path), generated, path));
    }

    [Fact]
    public void Every_core_fact_names_existing_properties()
    {
        var generator = new SchemaGenerator(CoreTypeFacts.None);
        foreach (var fact in CoreTypeFacts.Kubernetes.All)
        {
            var names = generator.Generate(fact.Type).Properties?.Keys.ToHashSet() ?? [];
            Assert.All(fact.Required.Concat(fact.Properties.Keys), name => Assert.True(names.Contains(name), $"{fact.Type.Name} has no property {name}"));
        }
    }

    [Fact]
    public void The_reference_examples_validate_without_errors_or_unknown_fields()
    {
        var crd = CrdYaml.Deserialize(File.ReadAllText(RepositoryFiles.PathOf("testassets", "reference", "ivoryclusters.crd.yaml")));
        var validator = new CustomResourceValidator(crd.Spec.Versions[0].Schema.OpenAPIV3Schema);
        var examples = Directory.GetFiles(RepositoryFiles.PathOf("testassets", "reference", "examples"), "*.yaml", SearchOption.AllDirectories)
            .SelectMany(file => YamlJson.ParseAll(File.ReadAllText(file)).Select(doc => (file, doc)))
            .Where(x => x.doc?["kind"]?.GetValue<string>() == "IvoryCluster")
            .ToList();
        Assert.NotEmpty(examples);
        foreach (var (file, doc) in examples)
        {
            var result = validator.Validate(doc, FieldValidation.Strict);
            Assert.True(result.IsValid, $"{file}: {string.Join("; ", result.Messages)}");
            Assert.Equal(5432, result.Object!["spec"]!["port"]!.GetValue<long>());
        }
    }

    [Fact]
    public void The_reference_schema_reports_kubernetes_messages()
    {
        var crd = CrdYaml.Deserialize(File.ReadAllText(RepositoryFiles.PathOf("testassets", "reference", "ivoryclusters.crd.yaml")));
        var obj = Schemas.Object("""
            apiVersion: ivory-operator.ivorysql.org/v1beta1
            kind: IvoryCluster
            metadata: {name: hippo}
            spec:
              postgresVersion: 9
              port: 80
              instances: [{name: a, dataVolumeClaimSpec: {accessModes: [ReadWriteOnce], resources: {requests: {storage: 1Gi}}}}]
              backups: {pgbackrest: {repos: [{name: bad}]}}
              imagePullPolicy: Sometimes
            """);
        var messages = new CustomResourceValidator(crd.Spec.Versions[0].Schema.OpenAPIV3Schema).Validate(obj, FieldValidation.Strict).Messages;
        Assert.Contains("spec.port: Invalid value: 80: spec.port in body should be greater than or equal to 1024", messages);
        Assert.Contains("spec.backups.pgbackrest.repos[0].name: Invalid value: \"bad\": spec.backups.pgbackrest.repos[0].name in body should match '^repo[1-4]'", messages);
        Assert.Contains("spec.imagePullPolicy: Unsupported value: \"Sometimes\": supported values: \"Always\", \"Never\", \"IfNotPresent\"", messages);
        Assert.Contains("spec.postgresVersion: Invalid value: 9: spec.postgresVersion in body should be greater than or equal to 10", messages);
    }

    private static JsonNode At(string path)
    {
        var node = ReferenceSchema;
        foreach (var part in path.Split('.'))
        {
            var isArray = part.EndsWith("[]", StringComparison.Ordinal);
            node = node["properties"]![isArray ? part[..^2] : part]!;
            if (isArray)
            {
                node = node["items"]!;
            }
        }

        return node;
    }
}
