namespace Ivyo.Operator.Naming;

/// <summary>Annotation keys IVYO reads or writes.</summary>
public static class Annotations
{
    public const string Prefix = Labels.Prefix;

    /// <summary>Changing its value asks for the switchover described in <c>spec.patroni.switchover</c>.</summary>
    public const string PatroniSwitchover = Prefix + "trigger-switchover";

    /// <summary>Changing its value asks for a manual pgBackRest backup.</summary>
    public const string PgBackRestBackup = Prefix + "pgbackrest-backup";

    /// <summary>Changing its value asks for an in-place restore.</summary>
    public const string PgBackRestRestore = Prefix + "pgbackrest-restore";

    /// <summary>A hash of the pgBackRest configuration that a pod was started with.</summary>
    public const string PgBackRestConfigHash = Prefix + "pgbackrest-hash";

    /// <summary>
    /// On a replica-create backup Job: the container whose pgBackRest configuration it mounts (<c>pgbackrest</c> of the
    /// repo host, or <c>database</c> of the primary), so that a Job made for another one is replaced.
    /// </summary>
    public const string PgBackRestCurrentConfig = Prefix + "pgbackrest-config";

    /// <summary>
    /// On a replica-create backup Job of a volume repository: the volume it backed up to, so that a Job made for a
    /// volume since replaced (its claim deleted and made again, empty) is not taken for the backup of the new one.
    /// </summary>
    public const string PgBackRestRepoVolumeName = Prefix + "pgbackrest-repo-volume";

    /// <summary>The image catalog entry an instance pod was built for.</summary>
    public const string ImageCatalogEntry = Prefix + "image-catalog-entry";

    /// <summary>"IPv6" makes the pgBackRest TLS server listen on the IPv6 wildcard address instead of 0.0.0.0.</summary>
    public const string PgBackRestIpVersion = Prefix + "pgbackrest-ip-version";
}
