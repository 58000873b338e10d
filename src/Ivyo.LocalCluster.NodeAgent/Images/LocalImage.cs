using Ivyo.LocalCluster.NodeAgent.Runtime;

namespace Ivyo.LocalCluster.NodeAgent.Images;

/// <summary>
/// What the local cluster knows of an image: its entrypoint and command (what runs when the pod spec gives none), its
/// user and working directory, and extra environment. The files are always the host's: the image name only chooses
/// these defaults.
/// </summary>
public sealed record LocalImage(IReadOnlyList<string> Entrypoint, IReadOnlyList<string> Command, long? User = null, long? Group = null, string? WorkingDirectory = null)
{
    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();

    /// <summary>
    /// The image's own files: host directories mounted read-only at their paths in every container of the image (under
    /// the pod's volumes), as an image's layers would put them there.
    /// </summary>
    public IReadOnlyList<ContainerMount> Files { get; init; } = [];
}
