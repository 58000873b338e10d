namespace Ivyo.LocalCluster.Controllers.Storage;

/// <summary>
/// The local cluster's dynamic provisioner (as the hostpath provisioner of kind or minikube): a volume is a directory
/// <c>pvc-&lt;claim uid&gt;</c> under the data directory, removed when its PersistentVolume is reclaimed with Delete.
/// </summary>
internal sealed class HostPathProvisioner(string dataDirectory)
{
    /// <summary>The directory of the volume named <paramref name="volumeName"/>.</summary>
    public string PathOf(string volumeName) => Path.Combine(Path.GetFullPath(dataDirectory), volumeName);

    /// <summary>Creates the directory of <paramref name="volumeName"/> (idempotent) and returns it.</summary>
    public string Provision(string volumeName)
    {
        var path = PathOf(volumeName);
        Directory.CreateDirectory(path);
        return path;
    }

    /// <summary>Removes <paramref name="path"/> if it is a volume directory of this provisioner.</summary>
    public bool Delete(string path)
    {
        var full = Path.GetFullPath(path);
        var root = Path.GetFullPath(dataDirectory) + Path.DirectorySeparatorChar;
        if (!full.StartsWith(root, StringComparison.Ordinal) || Path.GetDirectoryName(full.TrimEnd(Path.DirectorySeparatorChar)) + Path.DirectorySeparatorChar != root)
        {
            return false;
        }

        if (Directory.Exists(full))
        {
            Directory.Delete(full, recursive: true);
        }

        return true;
    }
}
