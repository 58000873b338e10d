namespace Ivyo.LocalCluster.Patching;

/// <summary>The Content-Type values of Kubernetes PATCH requests (k8s.io/apimachinery/pkg/types/patch.go).</summary>
public static class PatchContentTypes
{
    public const string JsonPatch = "application/json-patch+json";
    public const string MergePatch = "application/merge-patch+json";
    public const string StrategicMergePatch = "application/strategic-merge-patch+json";
    public const string ApplyPatchYaml = "application/apply-patch+yaml";

    /// <summary>
    /// The 415 message for a patch type a resource does not take, as apiserver's
    /// negotiation.NewUnsupportedMediaTypeError formats it.
    /// </summary>
    public static string UnsupportedMediaTypeMessage(IEnumerable<string> accepted) =>
        "the body of the request was in an unknown format - accepted media types include: " + string.Join(", ", accepted);

    /// <summary>The patch types a built-in resource accepts, in the order apiserver's installer lists them.</summary>
    public static IReadOnlyList<string> BuiltInPatchTypes { get; } = [JsonPatch, MergePatch, StrategicMergePatch, ApplyPatchYaml];

    /// <summary>The patch types a custom resource accepts (no strategic merge patch), in the order apiextensions-apiserver lists them.</summary>
    public static IReadOnlyList<string> CustomResourcePatchTypes { get; } = [JsonPatch, MergePatch, ApplyPatchYaml];
}
