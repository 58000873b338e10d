using System.Text.Json;
using System.Text.Json.Nodes;
using Ivyo.LocalCluster.Registry.Json;

namespace Ivyo.LocalCluster.Registry.Defaulting;

/// <summary>
/// The defaults of a core/v1 Service: pkg/apis/core/v1/defaults.go SetDefaults_Service (sessionAffinity, type,
/// ports' protocol and targetPort, externalTrafficPolicy, allocateLoadBalancerNodePorts, internalTrafficPolicy,
/// sessionAffinityConfig), plus what the Service REST storage fills on create for a single-stack IPv4 cluster
/// (pkg/registry/core/service/storage/alloc.go initIPFamilyFields): clusterIPs from clusterIP, and ipFamilies and
/// ipFamilyPolicy — SingleStack [IPv4] with a cluster IP or for a headless Service with a selector, and
/// RequireDualStack [IPv4, IPv6] for a headless Service without a selector (kubernetes PR #99555, #104986).
/// The cluster IP itself is allocated by the caller before defaulting.
/// </summary>
internal static class ServiceDefaults
{
    public static void Apply(JsonObject service)
    {
        var spec = JsonAccess.Ensure(service, "spec");
        JsonAccess.Default(spec, "sessionAffinity", "None");
        JsonAccess.Default(spec, "type", "ClusterIP");
        var type = JsonAccess.String(spec, "type");

        foreach (var port in JsonAccess.Objects(spec, "ports"))
        {
            JsonAccess.Default(port, "protocol", "TCP");
            if (IsZeroTargetPort(port) && port["port"] is JsonValue number)
            {
                port["targetPort"] = number.DeepClone();
            }
        }

        if (type is "NodePort" or "LoadBalancer")
        {
            JsonAccess.Default(spec, "externalTrafficPolicy", "Cluster");
        }

        if (type == "LoadBalancer")
        {
            JsonAccess.Default(spec, "allocateLoadBalancerNodePorts", true);
        }

        if (type != "ExternalName")
        {
            JsonAccess.Default(spec, "internalTrafficPolicy", "Cluster");
        }

        if (JsonAccess.String(spec, "sessionAffinity") == "ClientIP")
        {
            var config = JsonAccess.Ensure(spec, "sessionAffinityConfig");
            var clientIp = JsonAccess.Ensure(config, "clientIP");
            JsonAccess.Default(clientIp, "timeoutSeconds", 10800);
        }

        if (type != "ExternalName")
        {
            ApplyIpFamilies(spec);
        }

        // The strategy's PrepareForCreate leaves an empty status, which a typed server writes as loadBalancer: {}.
        var status = JsonAccess.Ensure(service, "status");
        JsonAccess.Default(status, "loadBalancer", () => new JsonObject());
    }

    private static void ApplyIpFamilies(JsonObject spec)
    {
        var clusterIp = JsonAccess.String(spec, "clusterIP");
        if (string.IsNullOrEmpty(clusterIp))
        {
            return;
        }

        JsonAccess.Default(spec, "clusterIPs", () => JsonAccess.ToArray([clusterIp]));
        var headless = clusterIp == "None";
        var hasSelector = JsonAccess.Object(spec, "selector") is { Count: > 0 };
        if (headless && !hasSelector)
        {
            JsonAccess.Default(spec, "ipFamilyPolicy", "RequireDualStack");
            JsonAccess.Default(spec, "ipFamilies", () => JsonAccess.ToArray(["IPv4", "IPv6"]));
            return;
        }

        JsonAccess.Default(spec, "ipFamilyPolicy", "SingleStack");
        JsonAccess.Default(spec, "ipFamilies", () => JsonAccess.ToArray([!headless && clusterIp.Contains(':', StringComparison.Ordinal) ? "IPv6" : "IPv4"]));
    }

    /// <summary>An unset targetPort, the integer 0 or the empty string.</summary>
    private static bool IsZeroTargetPort(JsonObject port) => port["targetPort"] switch
    {
        null => true,
        JsonValue v when v.GetValueKind() == JsonValueKind.Number => v.ToJsonString() == "0",
        JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>().Length == 0,
        _ => false,
    };
}
