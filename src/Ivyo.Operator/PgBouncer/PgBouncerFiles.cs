using Ivyo.Operator.Naming;

namespace Ivyo.Operator.PgBouncer;

/// <summary>The keys of the PgBouncer ConfigMap and Secret, and where their files appear in the pod (ivory-operator's).</summary>
public static class PgBouncerFiles
{
    // Keys of the ConfigMap <c>&lt;c&gt;-pgbouncer</c>.
    public const string IniKey = "pgbouncer.ini";
    public const string EmptyKey = "pgbouncer-empty";

    // Keys of the Secret <c>&lt;c&gt;-pgbouncer</c>.
    public const string AuthFileKey = "pgbouncer-users.txt";
    public const string PasswordKey = "pgbouncer-password";
    public const string VerifierKey = "pgbouncer-verifier";
    public const string FrontendCaKey = "pgbouncer-frontend.ca-roots";
    public const string FrontendCertificateKey = "pgbouncer-frontend.crt";
    public const string FrontendPrivateKeyKey = "pgbouncer-frontend.key";

    // Paths inside the configuration volume (<see cref="Names.PgBouncerConfigDirectory"/>).
    /// <summary>An empty file by default; the user may project their own <c>pgbouncer.ini</c>, which is read first.</summary>
    public const string EmptyPath = "pgbouncer.ini";
    public const string IniPath = "~ivory-operator.ini";
    public const string AuthFilePath = "~ivory-operator/users.txt";
    public const string FrontendCaPath = "~ivory-operator/frontend-ca.crt";
    public const string FrontendCertificatePath = "~ivory-operator/frontend-tls.crt";
    public const string FrontendPrivateKeyPath = "~ivory-operator/frontend-tls.key";
    public const string BackendCaPath = "~ivory-operator/backend-ca.crt";

    public const string EmptyFile = Names.PgBouncerConfigDirectory + "/" + EmptyPath;
    public const string IniFile = Names.PgBouncerConfigDirectory + "/" + IniPath;
    public const string AuthFile = Names.PgBouncerConfigDirectory + "/" + AuthFilePath;
    public const string FrontendCaFile = Names.PgBouncerConfigDirectory + "/" + FrontendCaPath;
    public const string FrontendCertificateFile = Names.PgBouncerConfigDirectory + "/" + FrontendCertificatePath;
    public const string FrontendPrivateKeyFile = Names.PgBouncerConfigDirectory + "/" + FrontendPrivateKeyPath;
    public const string BackendCaFile = Names.PgBouncerConfigDirectory + "/" + BackendCaPath;

    // Keys a custom TLS Secret projection uses, as its paths.
    public const string TlsCaKey = "ca.crt";
    public const string TlsCertificateKey = "tls.crt";
    public const string TlsPrivateKeyKey = "tls.key";

    /// <summary>The first lines of the generated configuration file.</summary>
    public const string GeneratedWarning = DesiredState.GeneratedFiles.Header;
}
