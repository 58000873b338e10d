using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Ivyo.Certificates;

/// <summary>What a leaf certificate is for.</summary>
[Flags]
public enum LeafUsage
{
    Server = 1,
    Client = 2,
}

/// <summary>A certificate and its private key, signed by the namespace's root authority, valid for one year.</summary>
public sealed record LeafCertificate(string CertificatePem, string PrivateKeyPem)
{
    private static readonly TimeSpan s_lifetime = TimeSpan.FromDays(365);

    internal static LeafCertificate Issue(
        RootCertificateAuthority authority, string commonName, IReadOnlyList<string> dnsNames, DateTimeOffset now, LeafUsage usage,
        IReadOnlyList<string>? organizations = null, IReadOnlyList<System.Net.IPAddress>? ipAddresses = null)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(SubjectName(commonName, organizations), key, HashAlgorithmName.SHA384);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(
            X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment, true));

        var purposes = new OidCollection();
        if (usage.HasFlag(LeafUsage.Server))
        {
            purposes.Add(new Oid("1.3.6.1.5.5.7.3.1"));
        }

        if (usage.HasFlag(LeafUsage.Client))
        {
            purposes.Add(new Oid("1.3.6.1.5.5.7.3.2"));
        }

        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(purposes, false));
        if (dnsNames.Count > 0 || ipAddresses is { Count: > 0 })
        {
            var san = new SubjectAlternativeNameBuilder();
            foreach (var name in dnsNames)
            {
                san.AddDnsName(name);
            }

            foreach (var address in ipAddresses ?? [])
            {
                san.AddIpAddress(address);
            }

            request.CertificateExtensions.Add(san.Build(critical: false));
        }

        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(authority.Certificate, true, false));

        var notBefore = now.AddMinutes(-5);
        var notAfter = notBefore + s_lifetime;
        if (notAfter > authority.Certificate.NotAfter)
        {
            notAfter = authority.Certificate.NotAfter;
        }

        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7F; // a positive serial number, as RFC 5280 requires
        using var certificate = request.Create(authority.Certificate.SubjectName, X509SignatureGenerator.CreateForECDsa(authority.Key),
            notBefore, notAfter, serial);
        return new LeafCertificate(PemText.Terminated(certificate.ExportCertificatePem()), PemText.Terminated(key.ExportPkcs8PrivateKeyPem()));
    }

    /// <summary>
    /// <c>CN=name</c>, plus one <c>O=</c> per organization: Kubernetes reads a client certificate's organizations as
    /// the user's groups.
    /// </summary>
    private static X500DistinguishedName SubjectName(string commonName, IReadOnlyList<string>? organizations)
    {
        var builder = new X500DistinguishedNameBuilder();
        foreach (var organization in organizations ?? [])
        {
            builder.AddOrganizationName(organization);
        }

        builder.AddCommonName(commonName);
        return builder.Build();
    }

    /// <summary>Whether the certificate is valid at <paramref name="now"/> for at least another 30 days.</summary>
    public bool IsValidAt(DateTimeOffset now)
    {
        using var certificate = X509Certificate2.CreateFromPem(CertificatePem);
        return certificate.NotBefore <= now.UtcDateTime && certificate.NotAfter > now.UtcDateTime.AddDays(30);
    }
}
