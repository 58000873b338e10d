using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Ivyo.Certificates;

/// <summary>
/// A self-signed root certificate authority. IVYO keeps one per namespace (Secret <c>ivyo-root-cacert</c>) to sign
/// every cluster's server, replication and instance certificates; the local cluster keeps one for its API server and
/// clients. Keys are ECDSA P-256, made with .NET's <see cref="CertificateRequest"/>.
/// </summary>
public sealed class RootCertificateAuthority : IDisposable
{
    public const string CommonName = "ivory-operator-ca";

    /// <summary>A new self-signed authority named <c>ivory-operator-ca</c>, valid for ten years from <paramref name="now"/>.</summary>
    public static RootCertificateAuthority Create(DateTimeOffset now) => Create(now, CommonName);

    private static readonly TimeSpan s_lifetime = TimeSpan.FromDays(3650);

    private RootCertificateAuthority(X509Certificate2 certificate, ECDsa key)
    {
        Certificate = certificate;
        Key = key;
    }

    public X509Certificate2 Certificate { get; }

    internal ECDsa Key { get; }

    public string CertificatePem => PemText.Terminated(Certificate.ExportCertificatePem());

    public string PrivateKeyPem => PemText.Terminated(Key.ExportPkcs8PrivateKeyPem());

    /// <summary>A new self-signed authority with the given name, valid for ten years from <paramref name="now"/>.</summary>
    public static RootCertificateAuthority Create(DateTimeOffset now, string commonName)
    {
        var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(new X500DistinguishedName("CN=" + commonName), key, HashAlgorithmName.SHA384);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, true, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(
            X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign | X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));

        var notBefore = now.AddMinutes(-5);
        using var selfSigned = request.CreateSelfSigned(notBefore, notBefore + s_lifetime);
        var certificate = X509CertificateLoader.LoadCertificate(selfSigned.Export(X509ContentType.Cert));
        return new RootCertificateAuthority(certificate, key);
    }

    /// <summary>The authority stored in a Secret.</summary>
    public static RootCertificateAuthority FromPem(string certificatePem, string privateKeyPem)
    {
        var certificate = X509Certificate2.CreateFromPem(certificatePem);
        var key = ECDsa.Create();
        key.ImportFromPem(privateKeyPem);
        return new RootCertificateAuthority(certificate, key);
    }

    /// <summary>Whether the authority is usable at <paramref name="now"/> for at least another 30 days.</summary>
    public bool IsValidAt(DateTimeOffset now) =>
        Certificate.NotBefore <= now.UtcDateTime && Certificate.NotAfter > now.UtcDateTime.AddDays(30);

    /// <summary>Issues a leaf certificate for a server or a client.</summary>
    public LeafCertificate Issue(string commonName, IReadOnlyList<string> dnsNames, DateTimeOffset now, LeafUsage usage)
        => LeafCertificate.Issue(this, commonName, dnsNames, now, usage);

    /// <summary>Issues a leaf certificate with organizations (a client's groups) and IP address SANs (a server's addresses).</summary>
    public LeafCertificate Issue(
        string commonName, IReadOnlyList<string> dnsNames, DateTimeOffset now, LeafUsage usage,
        IReadOnlyList<string> organizations, IReadOnlyList<System.Net.IPAddress> ipAddresses)
        => LeafCertificate.Issue(this, commonName, dnsNames, now, usage, organizations, ipAddresses);

    public void Dispose()
    {
        Certificate.Dispose();
        Key.Dispose();
    }
}
