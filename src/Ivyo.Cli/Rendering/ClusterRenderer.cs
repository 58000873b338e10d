using System.Text.Json.Nodes;
using Ivyo.Api.Crd;
using Ivyo.Api.V1Beta1;
using Ivyo.Manifests;
using Ivyo.Operator.DesiredState;
using Ivyo.Operator.Images;
using Ivyo.Operator.Naming;
using Ivyo.Operator.Pki;
using Ivyo.Schema.Json;
using k8s;
using k8s.Models;
using Ivyo.Certificates;

namespace Ivyo.Cli.Rendering;

/// <summary>
/// Turns manifests into the objects IVYO would create: each IvoryCluster is validated and defaulted as the API server
/// would, then handed to <see cref="DesiredStateBuilder"/>. Other kinds are passed over with a note.
/// </summary>
public sealed class ClusterRenderer(RenderOptions options)
{
    private readonly IvoryClusterSchema _schema = new();

    public RenderResult Render(IReadOnlyList<ManifestDocument> documents)
    {
        var messages = new List<string>();
        var objects = new List<JsonNode>();
        var failed = false;
        var clusters = 0;
        var random = options.Seed is int seed ? (IRandomSource)new SeededRandomSource(seed) : new SecureRandomSource();
        var now = DateTimeOffset.UtcNow;
        var rootCas = new Dictionary<string, RootCertificateAuthority>(StringComparer.Ordinal);

        foreach (var document in documents)
        {
            if (document.Kind != IvoryCluster.KindName)
            {
                messages.Add($"note: skipping {document.Kind}/{document.Name} from {document.Source}: ivyo render renders IvoryClusters only");
                continue;
            }

            clusters++;
            var read = _schema.Read(document.Object);
            foreach (var warning in read.Warnings)
            {
                messages.Add("Warning: " + warning);
            }

            if (read.Cluster is not { } cluster)
            {
                failed = true;
                messages.Add($"The IvoryCluster \"{document.Name}\" is invalid ({document.Source}):");
                messages.AddRange(read.Errors.Select(error => "* " + error));
                continue;
            }

            cluster.Metadata.NamespaceProperty ??= options.DefaultNamespace;
            var ns = cluster.Metadata.NamespaceProperty;
            if (!rootCas.TryGetValue(ns, out var rootCa))
            {
                rootCa = RootCertificateAuthority.Create(now);
                rootCas[ns] = rootCa;
            }

            var inputs = new ClusterInputs
            {
                Cluster = cluster,
                RootCa = rootCa,
                Random = random,
                Now = now,
                // No API server assigns one offline: show where the primary Endpoints will point.
                HaClusterIp = "<ClusterIP of " + Names.PatroniScope(cluster.Metadata.Name) + ">",
                DefaultImages = DefaultImages.FromEnvironment(cluster.Spec.PostgresVersion, Environment.GetEnvironmentVariable),
            };

            try
            {
                objects.AddRange(DesiredStateBuilder.Build(inputs).Objects.Select(ToJson));
            }
            catch (InvalidOperationException e)
            {
                failed = true;
                messages.Add($"The IvoryCluster \"{document.Name}\" is invalid ({document.Source}):");
                messages.Add("* " + e.Message);
            }
        }

        if (clusters == 0)
        {
            messages.Add("error: no IvoryCluster in the input");
            failed = true;
        }

        foreach (var rootCa in rootCas.Values)
        {
            rootCa.Dispose();
        }

        return new RenderResult(!failed, YamlWriter.WriteStream(Sort(objects)), messages);
    }

    private static JsonNode ToJson(IKubernetesObject<V1ObjectMeta> item) => JsonNode.Parse(KubernetesJson.Serialize(item))!;

    /// <summary>A stable order: by namespace, kind, then name, as <c>helm template</c> groups its output.</summary>
    private static IEnumerable<JsonNode> Sort(IEnumerable<JsonNode> objects) => objects
        .OrderBy(o => (string?)o["metadata"]?["namespace"], StringComparer.Ordinal)
        .ThenBy(o => (string?)o["kind"], StringComparer.Ordinal)
        .ThenBy(o => (string?)o["metadata"]?["name"], StringComparer.Ordinal);
}

/// <summary>The rendered YAML, and the notes, warnings and errors to show.</summary>
public sealed record RenderResult(bool Succeeded, string Yaml, IReadOnlyList<string> Messages);
