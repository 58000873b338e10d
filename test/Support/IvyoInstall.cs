using System.Diagnostics;
using Ivyo.Api.V1Beta1;
using k8s;
using k8s.Models;

namespace Ivyo.Testing;

/// <summary>
/// IVYO installed on an API server from the repository's <c>config/</c>, as the operator's integration tests and the
/// operator benchmark need it: the CRD (served before this returns), the <c>ivory-operator</c> namespace, the
/// <c>ivyo</c> ServiceAccount, the ClusterRole and its binding; and a client that is that ServiceAccount. Linked into
/// both (outside test/Shared, which every test project links).
/// </summary>
internal static class IvyoInstall
{
    public const string OperatorNamespace = "ivory-operator";

    /// <summary>Installs; <paramref name="rules"/> may change the ClusterRole's rules (the RBAC tests remove some).</summary>
    public static async Task InstallAsync(Kubernetes admin, Func<IList<V1PolicyRule>, IList<V1PolicyRule>>? rules, CancellationToken cancellationToken)
    {
        var crd = KubernetesYaml.Deserialize<V1CustomResourceDefinition>(
            await File.ReadAllTextAsync(RepositoryFiles.PathOf("config", "crd", "bases", "ivory-operator.ivorysql.org_ivoryclusters.yaml"), cancellationToken));
        await admin.ApiextensionsV1.CreateCustomResourceDefinitionAsync(crd, cancellationToken: cancellationToken);
        var served = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                await admin.CustomObjects.ListClusterCustomObjectAsync(IvoryCluster.Group, IvoryCluster.Version, IvoryCluster.Plural, cancellationToken: cancellationToken);
                break;
            }
            catch (k8s.Autorest.HttpOperationException) when (served.Elapsed < TimeSpan.FromSeconds(30))
            {
                await Task.Delay(50, cancellationToken);
            }
        }

        await admin.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = OperatorNamespace } }, cancellationToken: cancellationToken);
        await admin.CoreV1.CreateNamespacedServiceAccountAsync(Read<V1ServiceAccount>("service_account.yaml"), OperatorNamespace, cancellationToken: cancellationToken);
        var role = Read<V1ClusterRole>("role.yaml");
        if (rules is not null)
        {
            role.Rules = rules(role.Rules);
        }

        await admin.RbacAuthorizationV1.CreateClusterRoleAsync(role, cancellationToken: cancellationToken);
        await admin.RbacAuthorizationV1.CreateClusterRoleBindingAsync(Read<V1ClusterRoleBinding>("role_binding.yaml"), cancellationToken: cancellationToken);
    }

    /// <summary>The rules of the shipped ClusterRole.</summary>
    public static IList<V1PolicyRule> ShippedRules() => Read<V1ClusterRole>("role.yaml").Rules;

    /// <summary>A client authenticated as the <c>ivyo</c> ServiceAccount (a TokenRequest token), sending through <paramref name="handler"/>.</summary>
    public static async Task<Kubernetes> ServiceAccountClientAsync(
        Kubernetes admin, Uri server, System.Security.Cryptography.X509Certificates.X509Certificate2 authority, DelegatingHandler handler, CancellationToken cancellationToken)
    {
        var token = await admin.CoreV1.CreateNamespacedServiceAccountTokenAsync(
            new Authenticationv1TokenRequest { Spec = new V1TokenRequestSpec { ExpirationSeconds = 24 * 3600 } }, "ivyo", OperatorNamespace,
            cancellationToken: cancellationToken);
        return new Kubernetes(new KubernetesClientConfiguration
        {
            Host = server.ToString(),
            AccessToken = token.Status.Token,
            SslCaCerts = [authority],
        }, handler);
    }

    private static T Read<T>(string file) => KubernetesYaml.Deserialize<T>(File.ReadAllText(RepositoryFiles.PathOf("config", "rbac", "cluster", file)));
}
