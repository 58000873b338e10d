using System.Text;

namespace Ivyo.LocalCluster.ApiServer.Security;

/// <summary>Writes a kubeconfig with embedded certificates, as <c>kind</c> and <c>kubeadm</c> write the admin's.</summary>
public static class Kubeconfig
{
    public const string ClusterName = "ivyo-local";

    public static string Admin(string serverUrl, ClusterCredentials credentials) => Build(
        serverUrl, credentials.Authority.CertificatePem, ClusterCredentials.AdminUser,
        $"    client-certificate-data: {Base64(credentials.AdminCertificate.CertificatePem)}\n    client-key-data: {Base64(credentials.AdminCertificate.PrivateKeyPem)}\n");

    /// <summary>A kubeconfig that authenticates with a bearer token, such as a ServiceAccount's.</summary>
    public static string WithToken(string serverUrl, string caPem, string user, string token) =>
        Build(serverUrl, caPem, user, $"    token: {token}\n");

    private static string Build(string serverUrl, string caPem, string user, string credentials) => $"""
        apiVersion: v1
        kind: Config
        clusters:
        - name: {ClusterName}
          cluster:
            server: {serverUrl}
            certificate-authority-data: {Base64(caPem)}
        users:
        - name: {user}
          user:
        {credentials}contexts:
        - name: {ClusterName}
          context:
            cluster: {ClusterName}
            user: {user}
        current-context: {ClusterName}

        """;

    private static string Base64(string text) => Convert.ToBase64String(Encoding.UTF8.GetBytes(text));
}
