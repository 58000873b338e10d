namespace Ivyo.LocalCluster.Auth;

/// <summary>Which credential authenticated the request.</summary>
public enum AuthenticationMethod
{
    None,
    ClientCertificate,
    ServiceAccountToken,
}
