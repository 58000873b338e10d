using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace Ivyo.Operator.Controllers.Apply;

/// <summary>
/// A hash of the configuration IVYO last applied to an object, kept in an annotation of that object. With
/// <see cref="Convergence"/> it tells whether applying again would change anything: the hash catches fields the
/// configuration no longer has (which server-side apply would remove), the subset check catches fields somebody else
/// changed or removed since.
/// </summary>
public static class AppliedConfiguration
{
    /// <summary>The annotation that holds the hash.</summary>
    public const string Annotation = "ivory-operator.ivorysql.org/applied-configuration";

    /// <summary>The hash of <paramref name="configuration"/>, ignoring any hash annotation it already carries.</summary>
    public static string Hash(JsonObject configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var copy = configuration.DeepClone().AsObject();
        if (copy["metadata"]?["annotations"] is JsonObject annotations)
        {
            annotations.Remove(Annotation);
        }

        // Serialization is deterministic: the builders fill their maps in a fixed order.
        var digest = SHA256.HashData(Encoding.UTF8.GetBytes(copy.ToJsonString()));
        return Convert.ToHexStringLower(digest.AsSpan(0, 16));
    }

    /// <summary>Adds the hash annotation to <paramref name="configuration"/> and returns the hash.</summary>
    public static string Stamp(JsonObject configuration)
    {
        var hash = Hash(configuration);
        var metadata = configuration["metadata"] as JsonObject ?? throw new ArgumentException("The configuration has no metadata.", nameof(configuration));
        if (metadata["annotations"] is not JsonObject annotations)
        {
            annotations = [];
            metadata["annotations"] = annotations;
        }

        annotations[Annotation] = hash;
        return hash;
    }

    /// <summary>The hash a live object carries, or null.</summary>
    public static string? Of(JsonObject live) => (string?)live["metadata"]?["annotations"]?[Annotation];
}
