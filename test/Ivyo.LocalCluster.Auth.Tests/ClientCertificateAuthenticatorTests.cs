using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Ivyo.LocalCluster.Auth;

namespace Ivyo.LocalCluster.Auth.Tests;

public sealed class ClientCertificateAuthenticatorTests
{
    private const string CommonName = "2.5.4.3";
    private const string Organization = "2.5.4.10";

    /// <summary>A self-signed certificate whose subject has the RDNs in this encoded order (O first, then CN).</summary>
    internal static X509Certificate2 Certificate(string? commonName, params string[] organizations)
    {
        var rdns = organizations.Select(o => new[] { (Organization, o) }).ToList();
        if (commonName is not null)
        {
            rdns.Add([(CommonName, commonName)]);
        }

        return SelfSigned(Name(rdns));
    }

    private static X500DistinguishedName Name(IEnumerable<(string Oid, string Value)[]> rdns)
    {
        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        {
            foreach (var rdn in rdns)
            {
                using (writer.PushSetOf())
                {
                    foreach (var (oid, value) in rdn)
                    {
                        using (writer.PushSequence())
                        {
                            writer.WriteObjectIdentifier(oid);
                            writer.WriteCharacterString(UniversalTagNumber.UTF8String, value);
                        }
                    }
                }
            }
        }

        return new X500DistinguishedName(writer.Encode());
    }

    private static X509Certificate2 SelfSigned(X500DistinguishedName name)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(name, key, HashAlgorithmName.SHA256);
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow.AddDays(1));
    }

    [Fact]
    public void Common_name_is_the_user_and_organizations_are_the_groups()
    {
        using var certificate = Certificate("kubernetes-admin", "system:masters", "ops");
        var user = new ClientCertificateAuthenticator().Authenticate(certificate);
        Assert.NotNull(user);
        Assert.Equal("kubernetes-admin", user.Name);
        Assert.Equal(["system:masters", "ops", "system:authenticated"], user.Groups);
        Assert.Null(user.Uid);
    }

    [Fact]
    public void The_last_common_name_wins_as_in_Go()
    {
        using var certificate = SelfSigned(Name([[(CommonName, "first")], [(CommonName, "second")]]));
        Assert.Equal("second", new ClientCertificateAuthenticator().Authenticate(certificate)!.Name);
    }

    [Fact]
    public void Certificate_without_organizations_is_only_authenticated()
    {
        using var certificate = Certificate("jane");
        Assert.Equal(["system:authenticated"], new ClientCertificateAuthenticator().Authenticate(certificate)!.Groups);
    }

    [Fact]
    public void Certificate_without_a_common_name_authenticates_nobody()
    {
        using var certificate = Certificate(null, "ops");
        Assert.Null(new ClientCertificateAuthenticator().Authenticate(certificate));
    }

    [Fact]
    public void Multi_valued_rdns_are_read()
    {
        using var certificate = SelfSigned(Name([[(Organization, "system:nodes"), (CommonName, "node"), (Organization, "x")]]));
        var user = new ClientCertificateAuthenticator().Authenticate(certificate)!;
        Assert.Equal("node", user.Name);
        // DER sorts the members of a SET OF, so only the last group's place is fixed.
        Assert.Equal(["system:nodes", "x"], user.Groups.Take(2).Order(StringComparer.Ordinal));
        Assert.Equal("system:authenticated", user.Groups[2]);
    }
}
