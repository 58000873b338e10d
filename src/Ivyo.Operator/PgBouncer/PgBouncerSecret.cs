using System.Text;
using Ivyo.Operator.DesiredState;
using Ivyo.Operator.Naming;
using Ivyo.Operator.PgBackRest;
using Ivyo.Operator.Pki;
using Ivyo.Operator.Users;
using k8s.Models;
using Ivyo.Certificates;

namespace Ivyo.Operator.PgBouncer;

/// <summary>
/// <c>&lt;c&gt;-pgbouncer</c> Secret: the password PgBouncer logs in to PostgreSQL with (and its SCRAM verifier, which
/// IVYO sets on the role), the authentication file that holds it, and, unless <c>customTLSSecret</c> is set, the
/// certificate PgBouncer presents to clients: issued by the namespace's root CA for the names of the
/// <c>&lt;c&gt;-pgbouncer</c> Service.
/// </summary>
public static class PgBouncerSecret
{
    /// <param name="inputs">The cluster, its root CA, the randomness for a new password and the time.</param>
    /// <param name="existing">The Secret as it is now: its password and still-good certificate are kept.</param>
    /// <returns>The Secret, or null when the cluster has no PgBouncer.</returns>
    public static V1Secret? Build(ClusterInputs inputs, V1Secret? existing = null)
    {
        var cluster = inputs.Cluster;
        var spec = cluster.Spec.Proxy?.PgBouncer;
        if (spec is null)
        {
            return null;
        }

        var stored = existing?.Data;
        string password, verifier;
        if (stored is not null && stored.TryGetValue(PgBouncerFiles.PasswordKey, out var storedPassword) && storedPassword.Length > 0
            && stored.TryGetValue(PgBouncerFiles.VerifierKey, out var storedVerifier) && storedVerifier.Length > 0)
        {
            password = Encoding.UTF8.GetString(storedPassword);
            verifier = Encoding.UTF8.GetString(storedVerifier);
        }
        else
        {
            password = PasswordGenerator.Generate(null, inputs.Random);
            var salt = new byte[16];
            for (var i = 0; i < salt.Length; i++)
            {
                salt[i] = (byte)inputs.Random.Next(256);
            }

            verifier = ScramVerifier.Create(password, salt, ScramVerifier.Iterations);
        }

        var data = new Dictionary<string, byte[]>(StringComparer.Ordinal)
        {
            [PgBouncerFiles.AuthFileKey] = Encoding.UTF8.GetBytes(PgBouncerIni.AuthFile(password)),
            [PgBouncerFiles.PasswordKey] = Encoding.UTF8.GetBytes(password),
            [PgBouncerFiles.VerifierKey] = Encoding.UTF8.GetBytes(verifier),
        };

        if (spec.CustomTLSSecret is null)
        {
            var dnsNames = CertificateSecrets.ServiceDnsNames(Names.ClusterPgBouncer(inputs.Name), inputs.Namespace);
            var leaf = StoredLeaf.Reuse(inputs.RootCa, stored, PgBouncerFiles.FrontendCertificateKey, PgBouncerFiles.FrontendPrivateKeyKey,
                    dnsNames[0], dnsNames, inputs.Now)
                ?? inputs.RootCa.Issue(dnsNames[0], dnsNames, inputs.Now, LeafUsage.Server);
            data[PgBouncerFiles.FrontendCaKey] = Encoding.UTF8.GetBytes(inputs.RootCa.CertificatePem);
            data[PgBouncerFiles.FrontendCertificateKey] = Encoding.UTF8.GetBytes(leaf.CertificatePem);
            data[PgBouncerFiles.FrontendPrivateKeyKey] = Encoding.UTF8.GetBytes(leaf.PrivateKeyPem);
        }

        return new V1Secret
        {
            ApiVersion = "v1",
            Kind = "Secret",
            Type = "Opaque",
            Metadata = PgBouncerMetadata.Object(cluster),
            Data = data,
        };
    }
}
