using Ivyo.LocalCluster.NodeAgent.Images;

namespace Ivyo.LocalCluster.Hosting;

/// <summary>
/// What the images IVYO deploys run as on the local cluster (docs/reference/image-catalog.md): the host's Debian
/// packages stand in for IvorySQL's images, and the operator image runs this checkout's build of
/// <c>ivyo-operator</c>. The pod specs are the same as on any Kubernetes; only an image's defaults come from here: the
/// user it runs as when the pod names none, its PATH, and, for images whose containers have no command, what runs.
/// </summary>
public static class LocalImages
{
    /// <summary>The repository name of the operator's image (<c>config/</c> deploys <c>ivyo</c>, whatever its registry).</summary>
    public const string Operator = "ivyo";

    /// <summary>Where the operator image's files are in its containers.</summary>
    public const string OperatorDirectory = "/usr/lib/ivyo";

    /// <summary>The entrypoint of ivory-operator's pgBackRest image that backup Jobs run (<c>PgBackRestBackupJob.Entrypoint</c>).</summary>
    public const string PgBackRestEntrypoint = "/opt/crunchy/bin/pgbackrest";

    private const string SystemPath = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    /// <summary>
    /// Registers the IvorySQL, pgBackRest and PgBouncer images, and the operator's when <paramref name="operatorDll"/>
    /// (the built <c>ivyo-operator.dll</c>) is given, with <paramref name="dotnet"/> as the host that runs it. Files the
    /// images need that the host does not have (the pgBackRest image's entrypoint) are written to
    /// <paramref name="imageDirectory"/>.
    /// </summary>
    public static void Register(LocalImageCatalog catalog, string? operatorDll, string dotnet, string imageDirectory)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        // IvorySQL's images run as their postgres user with PostgreSQL's programs on the PATH; so does Debian's
        // PostgreSQL 15 here, as the host's postgres user.
        var (uid, gid) = PostgresUser();
        var database = new LocalImage([], ["bash"], uid, gid)
        {
            Environment = new Dictionary<string, string> { ["PATH"] = "/usr/lib/postgresql/15/bin:" + SystemPath },
            // Debian's pgbackrest package leaves /etc/pgbackrest.conf (repo1-path=/var/lib/pgbackrest) on the host,
            // which pgBackRest reads when /etc/pgbackrest/pgbackrest.conf is absent: every archive-push would then
            // fail with "option 'repo1-path' cannot be set multiple times". The images have no such file.
            Files = [new NodeAgent.Runtime.ContainerMount("/dev/null", "/etc/pgbackrest.conf", ReadOnly: true)],
        };
        catalog.Register("ivorysql", database);
        catalog.Register("pgbouncer", database with { Command = ["pgbouncer"] });

        // The build's directory is the operator image's /usr/lib/ivyo, mounted read-only, so that its nonroot user reads
        // it wherever the build lies (even under /tmp, which the pod's own /tmp volume hides).
        var operatorFiles = operatorDll is null ? null : Path.GetDirectoryName(Path.GetFullPath(operatorDll))!;
        var pgBackRest = database with { Command = ["pgbackrest"] };
        if (operatorFiles is not null)
        {
            // Backup Jobs run the image's /opt/crunchy/bin/pgbackrest (crunchy's program: pgbackrest in another pod
            // through pods/exec). Its stand-in is "ivyo-operator pgbackrest-entrypoint" (see PgBackRestEntrypoint in
            // Ivyo.Operator.Manager); without the operator's build, backup Jobs fail as on an image without it.
            var entrypoint = Path.Combine(Directory.CreateDirectory(imageDirectory).FullName, "pgbackrest-entrypoint");
            File.WriteAllText(entrypoint, $$"""
                #!/bin/sh
                # The local cluster's {{PgBackRestEntrypoint}} (src/Ivyo.LocalCluster.Hosting/LocalImages.cs).
                # No diagnostics IPC socket: the Job's root filesystem is read-only.
                export DOTNET_EnableDiagnostics=0 HOME="${HOME:-/tmp}"
                exec {{Shell(dotnet)}} {{OperatorDirectory}}/{{Path.GetFileName(operatorDll)}} pgbackrest-entrypoint

                """);
            File.SetUnixFileMode(entrypoint, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
                | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
            pgBackRest = pgBackRest with
            {
                Files =
                [
                    .. database.Files,
                    new NodeAgent.Runtime.ContainerMount(operatorFiles, OperatorDirectory, ReadOnly: true),
                    new NodeAgent.Runtime.ContainerMount(entrypoint, PgBackRestEntrypoint, ReadOnly: true),
                ],
            };
        }

        catalog.Register("pgbackrest", pgBackRest);

        if (operatorFiles is not null)
        {
            catalog.Register(Operator, new LocalImage([dotnet, OperatorDirectory + "/" + Path.GetFileName(operatorDll)], [], 65532, 65532)
            {
                Environment = new Dictionary<string, string>
                {
                    // No diagnostics IPC socket and no first-run files: the operator's root filesystem is read-only.
                    ["DOTNET_EnableDiagnostics"] = "0",
                    // The image's nonroot user has its home on the writable /tmp volume (.NET keeps X.509 stores there).
                    ["HOME"] = "/tmp",
                    ["DOTNET_NOLOGO"] = "1",
                },
                Files = [new NodeAgent.Runtime.ContainerMount(operatorFiles, OperatorDirectory, ReadOnly: true)],
            });
        }
    }

    /// <summary><paramref name="value"/> quoted for sh.</summary>
    private static string Shell(string value) => "'" + value.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

    /// <summary>The host's postgres user and group, which own what the database images write.</summary>
    public static (long Uid, long Gid) PostgresUser()
    {
        foreach (var line in File.ReadLines("/etc/passwd"))
        {
            var fields = line.Split(':');
            if (fields.Length >= 4 && fields[0] == "postgres"
                && long.TryParse(fields[2], System.Globalization.CultureInfo.InvariantCulture, out var uid)
                && long.TryParse(fields[3], System.Globalization.CultureInfo.InvariantCulture, out var gid))
            {
                return (uid, gid);
            }
        }

        throw new InvalidOperationException("The host has no postgres user: install Debian's postgresql-15 (scripts/install-prerequisites.sh).");
    }
}
