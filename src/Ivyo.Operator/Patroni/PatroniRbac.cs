using Ivyo.Api.V1Beta1;
using k8s.Models;

namespace Ivyo.Operator.Patroni;

/// <summary>
/// The permissions Patroni's Kubernetes DCS needs in Endpoints mode: the rules of the <c>&lt;c&gt;-instance</c> Role,
/// exactly as ivory-operator's <c>patroni.Permissions</c>.
/// </summary>
public static class PatroniRbac
{
    /// <summary>
    /// <list type="bullet">
    /// <item>endpoints: create, list, patch and watch are required (leader and config Endpoints); get for good
    /// measure; deletecollection for <c>patronictl remove</c>. No "delete", as in ivory-operator: Patroni clears its keys (leader, initialize) by patching.</item>
    /// <item>endpoints/restricted: create, on OpenShift only, whose admission plugin guards Endpoints with pod IPs.</item>
    /// <item>pods: list, patch (Patroni writes its member status and role label on its own pod) and watch; get.</item>
    /// <item>services: create, for the <c>&lt;scope&gt;-config</c> Service Patroni makes when it is missing (the
    /// reconciler creates it first). No ConfigMaps: they are for ConfigMap mode, which IVYO does not use.</item>
    /// </list>
    /// </summary>
    /// <param name="cluster">The cluster; its <c>spec.openshift</c> wins over <paramref name="isOpenShift"/>.</param>
    /// <param name="isOpenShift">Whether the operator detected OpenShift, used when <c>spec.openshift</c> is unset.</param>
    public static IReadOnlyList<V1PolicyRule> InstanceRules(IvoryCluster cluster, bool isOpenShift = false)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        var rules = new List<V1PolicyRule>
        {
            Rule("endpoints", "create", "deletecollection", "get", "list", "patch", "watch"),
        };

        if (cluster.Spec.Openshift ?? isOpenShift)
        {
            rules.Add(Rule("endpoints/restricted", "create"));
        }

        rules.Add(Rule("pods", "get", "list", "patch", "watch"));
        rules.Add(Rule("services", "create"));
        return rules;
    }

    private static V1PolicyRule Rule(string resource, params string[] verbs) => new()
    {
        ApiGroups = [""],
        Resources = [resource],
        Verbs = [.. verbs],
    };
}
