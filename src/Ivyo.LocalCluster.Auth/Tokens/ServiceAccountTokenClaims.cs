namespace Ivyo.LocalCluster.Auth;

/// <summary>The claim names and fixed values of Kubernetes' ServiceAccount tokens.</summary>
public static class ServiceAccountTokenClaims
{
    /// <summary>The default --service-account-issuer and API audience of the local cluster.</summary>
    public const string DefaultIssuer = "https://kubernetes.default.svc.cluster.local";

    /// <summary>The <c>iss</c> of legacy Secret-based tokens.</summary>
    public const string LegacyIssuer = "kubernetes/serviceaccount";

    /// <summary>The private claim of bound tokens: namespace, serviceaccount, pod, secret.</summary>
    public const string Kubernetes = "kubernetes.io";

    public const string LegacyNamespace = "kubernetes.io/serviceaccount/namespace";
    public const string LegacySecretName = "kubernetes.io/serviceaccount/secret.name";
    public const string LegacyServiceAccountName = "kubernetes.io/serviceaccount/service-account.name";
    public const string LegacyServiceAccountUid = "kubernetes.io/serviceaccount/service-account.uid";

    /// <summary>User extra keys of a bound token's user.</summary>
    public const string ExtraPodName = "authentication.kubernetes.io/pod-name";
    public const string ExtraPodUid = "authentication.kubernetes.io/pod-uid";
    public const string ExtraCredentialId = "authentication.kubernetes.io/credential-id";
}
