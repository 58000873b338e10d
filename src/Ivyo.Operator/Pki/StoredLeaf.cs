using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Ivyo.Certificates;

namespace Ivyo.Operator.Pki;

/// <summary>
/// A leaf certificate kept in an existing Secret, reused while it is still good: ivory-operator's
/// "regenerate when necessary". Reissuing on every reconcile would change the Secret, and so reload every server, each
/// time.
/// </summary>
internal static class StoredLeaf
{
    /// <summary>
    /// The stored certificate and key, when they match each other, are valid for at least 30 more days, were signed by
    /// <paramref name="root"/> and name exactly <paramref name="commonName"/> and <paramref name="dnsNames"/>; else null.
    /// </summary>
    public static LeafCertificate? Reuse(
        RootCertificateAuthority root, IDictionary<string, byte[]>? data, string certificateKey, string privateKeyKey,
        string commonName, IReadOnlyList<string> dnsNames, DateTimeOffset now)
    {
        if (data is null || !data.TryGetValue(certificateKey, out var certificateBytes) || !data.TryGetValue(privateKeyKey, out var keyBytes))
        {
            return null;
        }

        var leaf = new LeafCertificate(Encoding.UTF8.GetString(certificateBytes), Encoding.UTF8.GetString(keyBytes));
        try
        {
            // Throws when the key does not belong to the certificate.
            using var certificate = X509Certificate2.CreateFromPem(leaf.CertificatePem, leaf.PrivateKeyPem);
            return leaf.IsValidAt(now)
                && certificate.GetNameInfo(X509NameType.SimpleName, forIssuer: false) == commonName
                && SameNames(certificate, dnsNames)
                && SignedBy(certificate, root, now)
                ? leaf
                : null;
        }
        catch (Exception e) when (e is CryptographicException or ArgumentException)
        {
            return null;
        }
    }

    private static bool SameNames(X509Certificate2 certificate, IReadOnlyList<string> dnsNames)
    {
        var stored = certificate.Extensions.OfType<X509SubjectAlternativeNameExtension>()
            .SelectMany(extension => extension.EnumerateDnsNames())
            .ToHashSet(StringComparer.Ordinal);
        return stored.SetEquals(dnsNames);
    }

    private static bool SignedBy(X509Certificate2 certificate, RootCertificateAuthority root, DateTimeOffset now) =>
        CertificateChains.ChainsTo(certificate, root.Certificate, now);
}
