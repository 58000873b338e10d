using System.Text.Json.Nodes;
using Ivyo.Api.V1Beta1;
using Ivyo.Schema.Validation;
using k8s;

namespace Ivyo.Api.Crd;

/// <summary>
/// Reads an IvoryCluster manifest the way the API server admits it: schema validation (with the CRD's own schema, so
/// messages name the field path in Kubernetes' wording), pruning or rejecting unknown fields, defaulting, and then
/// the defaults only IVYO can apply, such as instance set names.
/// </summary>
public sealed class IvoryClusterSchema
{
    private readonly CustomResourceValidator _validator = new(IvoryClusterCrd.Build().Spec.Versions[0].Schema.OpenAPIV3Schema);

    /// <summary>Validates and defaults one object; on success the result holds the typed cluster.</summary>
    public IvoryClusterReadResult Read(JsonObject manifest, FieldValidation fieldValidation = FieldValidation.Strict)
    {
        var errors = new List<string>();
        if ((string?)manifest["apiVersion"] != IvoryCluster.GroupVersion)
        {
            errors.Add($"apiVersion: Unsupported value: \"{(string?)manifest["apiVersion"]}\": supported values: \"{IvoryCluster.GroupVersion}\"");
        }

        if ((string?)manifest["kind"] != IvoryCluster.KindName)
        {
            errors.Add($"kind: Unsupported value: \"{(string?)manifest["kind"]}\": supported values: \"{IvoryCluster.KindName}\"");
        }

        if (string.IsNullOrEmpty((string?)manifest["metadata"]?["name"]))
        {
            errors.Add("metadata.name: Required value: name or generateName is required");
        }

        var result = _validator.Validate(manifest, fieldValidation);
        errors.AddRange(result.Messages);
        if (errors.Count > 0 || result.Object is null)
        {
            return new IvoryClusterReadResult(null, errors, result.Warnings);
        }

        var cluster = KubernetesJson.Deserialize<IvoryCluster>(result.Object.ToJsonString());
        IvoryClusterDefaults.Apply(cluster);
        return new IvoryClusterReadResult(cluster, [], result.Warnings);
    }
}

/// <summary>The typed cluster, or the reasons it was rejected.</summary>
public sealed record IvoryClusterReadResult(IvoryCluster? Cluster, IReadOnlyList<string> Errors, IReadOnlyList<string> Warnings)
{
    public bool IsValid => Cluster is not null;
}
