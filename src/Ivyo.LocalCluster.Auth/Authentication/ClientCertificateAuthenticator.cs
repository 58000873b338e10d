using System.Formats.Asn1;
using System.Security.Cryptography.X509Certificates;

namespace Ivyo.LocalCluster.Auth;

/// <summary>
/// Kubernetes' x509 authenticator (CommonNameUserConversion): the client certificate, already
/// chain-verified by TLS against the cluster CA, names the user in its subject CN and the groups in
/// its O values (in encoded order, every RDN, multi-valued ones included); <c>system:authenticated</c>
/// is appended. A certificate without a CN authenticates nobody (the next authenticator is tried).
/// </summary>
public sealed class ClientCertificateAuthenticator
{
    private const string CommonNameOid = "2.5.4.3";
    private const string OrganizationOid = "2.5.4.10";

    /// <summary>The user of <paramref name="certificate"/>, or null when its subject has no common name.</summary>
    public UserInfo? Authenticate(X509Certificate2 certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        string? commonName = null;
        var organizations = new List<string>();
        foreach (var (oid, value) in SubjectAttributes(certificate.SubjectName.RawData))
        {
            // As Go's pkix.Name: the last CN wins, every O is kept.
            if (oid == CommonNameOid)
            {
                commonName = value;
            }
            else if (oid == OrganizationOid)
            {
                organizations.Add(value);
            }
        }

        if (string.IsNullOrEmpty(commonName))
        {
            return null;
        }

        if (!organizations.Contains(KnownGroups.Authenticated, StringComparer.Ordinal))
        {
            organizations.Add(KnownGroups.Authenticated);
        }

        return new UserInfo(commonName, organizations);
    }

    /// <summary>Name ::= SEQUENCE OF RelativeDistinguishedName; RDN ::= SET OF AttributeTypeAndValue.</summary>
    private static List<(string Oid, string Value)> SubjectAttributes(byte[] name)
    {
        var attributes = new List<(string, string)>();
        var sequence = new AsnReader(name, AsnEncodingRules.DER).ReadSequence();
        while (sequence.HasData)
        {
            var set = sequence.ReadSetOf();
            while (set.HasData)
            {
                var attribute = set.ReadSequence();
                var oid = attribute.ReadObjectIdentifier();
                var tag = attribute.PeekTag();
                if (tag.TagClass == TagClass.Universal && IsStringTag((UniversalTagNumber)tag.TagValue))
                {
                    attributes.Add((oid, attribute.ReadCharacterString((UniversalTagNumber)tag.TagValue)));
                }
                else
                {
                    attribute.ReadEncodedValue();
                }
            }
        }

        return attributes;
    }

    private static bool IsStringTag(UniversalTagNumber tag) => tag is UniversalTagNumber.UTF8String
        or UniversalTagNumber.PrintableString or UniversalTagNumber.IA5String or UniversalTagNumber.T61String
        or UniversalTagNumber.BMPString or UniversalTagNumber.UniversalString or UniversalTagNumber.VisibleString
        or UniversalTagNumber.NumericString;
}
