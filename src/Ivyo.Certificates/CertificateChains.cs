using System.Security.Cryptography.X509Certificates;

namespace Ivyo.Certificates;

/// <summary>
/// Whether a certificate chains to one private root (no system trust store, no revocation lists): how the local
/// cluster checks client and kubelet certificates against its CA, and the operator its stored leaves.
/// </summary>
public static class CertificateChains
{
    public static bool ChainsTo(X509Certificate2 certificate, X509Certificate2 root, DateTimeOffset? at = null)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(root);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        if (at is { } time)
        {
            chain.ChainPolicy.VerificationTime = time.UtcDateTime;
        }

        return chain.Build(certificate);
    }
}
