namespace Ivyo.LocalCluster.Auth;

/// <summary>The object a bound token dies with (TokenRequest's boundObjectRef): its name and uid.</summary>
public sealed record BoundObjectReference(string Name, string Uid);
