using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace Ivyo.Operator.Tests.Support;

/// <summary>Parses and verifies certificates from Secret data, trusting only a given root.</summary>
internal static class CertificateChecks
{
    public const string ServerAuth = "1.3.6.1.5.5.7.3.1";
    public const string ClientAuth = "1.3.6.1.5.5.7.3.2";

    public static X509Certificate2 Certificate(byte[] pem) => X509Certificate2.CreateFromPem(Encoding.UTF8.GetString(pem));

    /// <summary>The chain status of <paramref name="leaf"/> for <paramref name="purposeOid"/> at <paramref name="at"/>, with only <paramref name="root"/> trusted.</summary>
    public static X509ChainStatusFlags Verify(X509Certificate2 leaf, X509Certificate2 root, string purposeOid, DateTimeOffset at)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(root);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.VerificationTime = at.UtcDateTime;
        chain.ChainPolicy.ApplicationPolicy.Add(new System.Security.Cryptography.Oid(purposeOid));
        var built = chain.Build(leaf);
        var status = chain.ChainStatus.Aggregate(X509ChainStatusFlags.NoError, (flags, s) => flags | s.Status);
        return built || status != X509ChainStatusFlags.NoError ? status : X509ChainStatusFlags.PartialChain;
    }

    public static IReadOnlyList<string> DnsNames(X509Certificate2 certificate) =>
        [.. certificate.Extensions.OfType<X509SubjectAlternativeNameExtension>().SelectMany(san => san.EnumerateDnsNames())];
}
