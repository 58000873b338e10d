namespace Ivyo.LocalCluster.Auth;

/// <summary>A bound token and the TokenRequest status' expirationTimestamp.</summary>
public sealed record IssuedServiceAccountToken(string Token, DateTimeOffset ExpirationTimestamp);
