namespace Ivyo.LocalCluster.Auth;

/// <summary>
/// The API server's answer to "does the object a token names still exist?". Each method returns
/// null when the object is absent, or was deleted (its deletionTimestamp passed) more than a minute ago.
/// </summary>
public interface IServiceAccountTokenObjects
{
    /// <summary>The uid of the ServiceAccount.</summary>
    string? ServiceAccountUid(string @namespace, string name);

    /// <summary>The uid of the pod a bound token names.</summary>
    string? PodUid(string @namespace, string name);

    /// <summary>The uid of the Secret a bound token names.</summary>
    string? SecretUid(string @namespace, string name);

    /// <summary>
    /// The decoded <c>data.token</c> of a legacy kubernetes.io/service-account-token Secret: a legacy
    /// token is valid only while its Secret holds exactly that token.
    /// </summary>
    string? LegacySecretToken(string @namespace, string secretName);
}
