namespace Ivyo.LocalCluster.NodeAgent.Images;

/// <summary>
/// The images the local cluster can run, by repository name (registry and tag do not matter: the host's files stand
/// in for every image). A container with its own <c>command</c> runs whatever its image; one without needs its image
/// here, else it waits with <c>ErrImagePull</c>, as a missing image does on a real node.
/// </summary>
public sealed class LocalImageCatalog
{
    private static readonly LocalImage s_shell = new([], ["/bin/sh"]);

    private readonly Dictionary<string, LocalImage> _images = new(StringComparer.Ordinal)
    {
        ["debian"] = new([], ["bash"]),
        ["ubuntu"] = new([], ["/bin/bash"]),
        ["busybox"] = s_shell,
        ["alpine"] = s_shell,
    };

    /// <summary>Adds or replaces an image (the IvorySQL images are registered by the local cluster's setup).</summary>
    public void Register(string repository, LocalImage image) => _images[repository] = image;

    public LocalImage? Find(string image) => _images.TryGetValue(Repository(image), out var found) ? found : null;

    /// <summary>The last path segment without tag or digest: <c>docker.io/library/debian:12</c> is <c>debian</c>.</summary>
    public static string Repository(string image)
    {
        var name = image.Split('@')[0];
        var lastSlash = name.LastIndexOf('/');
        var colon = name.LastIndexOf(':');
        if (colon > lastSlash)
        {
            name = name[..colon];
        }

        return name[(lastSlash + 1)..];
    }
}
