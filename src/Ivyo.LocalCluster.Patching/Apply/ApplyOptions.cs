namespace Ivyo.LocalCluster.Patching.Apply;

/// <summary>The parameters of one server-side apply.</summary>
/// <param name="Manager">The <c>fieldManager</c> query parameter (required for apply).</param>
/// <param name="ApiVersion">The apiVersion the object is applied in, recorded in the entry.</param>
/// <param name="Force">The <c>force</c> query parameter: take conflicting fields instead of failing.</param>
/// <param name="Now">The time recorded in the entry.</param>
public sealed record ApplyOptions(string Manager, string ApiVersion, bool Force, DateTimeOffset Now);
