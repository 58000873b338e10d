using System.Net;
using System.Security.Cryptography.X509Certificates;
using Ivyo.Certificates;

namespace Ivyo.LocalCluster.ApiServer.Security;

/// <summary>
/// The local cluster's certificate authority, the API server's serving certificate, and the admin client
/// certificate (<c>O=system:masters</c>) that the admin kubeconfig carries.
/// </summary>
public sealed class ClusterCredentials : IDisposable
{
    public const string AdminUser = "kubernetes-admin";
    public const string MastersGroup = "system:masters";

    /// <summary>The name the API server presents to kubelets, which serve only it.</summary>
    public const string KubeletClientName = "kube-apiserver-kubelet-client";

    private ClusterCredentials(RootCertificateAuthority authority, X509Certificate2 serving, LeafCertificate admin, X509Certificate2 kubeletClient)
    {
        Authority = authority;
        ServingCertificate = serving;
        AdminCertificate = admin;
        KubeletClientCertificate = kubeletClient;
    }

    /// <summary>The client certificate with its key that the API server uses towards kubelets (exec, logs).</summary>
    public X509Certificate2 KubeletClientCertificate { get; }

    /// <summary>A node's kubelet serving certificate, naming the node and the addresses it listens on.</summary>
    public X509Certificate2 IssueKubeletServing(string nodeName, IReadOnlyList<IPAddress> addresses, DateTimeOffset now) =>
        Load(Authority.Issue(nodeName, [nodeName, "localhost"], now, LeafUsage.Server, [], [IPAddress.Loopback, .. addresses]));

    public RootCertificateAuthority Authority { get; }

    /// <summary>The serving certificate with its private key, for Kestrel.</summary>
    public X509Certificate2 ServingCertificate { get; }

    public LeafCertificate AdminCertificate { get; }

    /// <summary>
    /// New credentials. The serving certificate names loopback, <paramref name="extraAddresses"/> (such as the pod
    /// network gateway), and the <c>kubernetes</c> Service's DNS names.
    /// </summary>
    public static ClusterCredentials Create(DateTimeOffset now, IReadOnlyList<IPAddress>? extraAddresses = null)
    {
        var authority = RootCertificateAuthority.Create(now, "ivyo-local-cluster-ca");
        var dnsNames = new[] { "localhost", "kubernetes", "kubernetes.default", "kubernetes.default.svc", "kubernetes.default.svc.cluster.local" };
        var addresses = new List<IPAddress> { IPAddress.Loopback, IPAddress.IPv6Loopback };
        addresses.AddRange(extraAddresses ?? []);
        var serving = authority.Issue("kube-apiserver", dnsNames, now, LeafUsage.Server, [], addresses);
        var admin = authority.Issue(AdminUser, [], now, LeafUsage.Client, [MastersGroup], []);
        var kubeletClient = authority.Issue(KubeletClientName, [], now, LeafUsage.Client, [MastersGroup], []);
        return new ClusterCredentials(authority, Load(serving), admin, Load(kubeletClient));
    }

    public static X509Certificate2 Load(LeafCertificate leaf)
    {
        // Kestrel on Linux needs the key in a PKCS#12 blob, not an ephemeral key object.
        using var pem = X509Certificate2.CreateFromPem(leaf.CertificatePem, leaf.PrivateKeyPem);
        return X509CertificateLoader.LoadPkcs12(pem.Export(X509ContentType.Pkcs12), null);
    }

    public void Dispose()
    {
        ServingCertificate.Dispose();
        KubeletClientCertificate.Dispose();
        Authority.Dispose();
    }
}
