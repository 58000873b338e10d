using Ivyo.Operator.Patroni;
using k8s.Models;

namespace Ivyo.Operator.Tests.Patroni;

public sealed class PatroniRbacTests
{
    private static IEnumerable<string> Describe(IEnumerable<V1PolicyRule> rules) =>
        rules.Select(rule => $"{string.Join(',', rule.ApiGroups)}|{string.Join(',', rule.Resources)}|{string.Join(',', rule.Verbs)}");

    [Fact]
    public void Endpoints_dcs_needs_exactly_these_rules()
    {
        var rules = PatroniRbac.InstanceRules(PatroniClusters.Hippo());

        Assert.Equal(
        [
            "|endpoints|create,deletecollection,get,list,patch,watch",
            "|pods|get,list,patch,watch",
            "|services|create",
        ], Describe(rules));
    }

    [Fact]
    public void OpenShift_also_needs_restricted_endpoints()
    {
        var cluster = PatroniClusters.Hippo();
        cluster.Spec.Openshift = true;

        Assert.Equal(
        [
            "|endpoints|create,deletecollection,get,list,patch,watch",
            "|endpoints/restricted|create",
            "|pods|get,list,patch,watch",
            "|services|create",
        ], Describe(PatroniRbac.InstanceRules(cluster)));
    }

    [Fact]
    public void Detected_OpenShift_applies_unless_the_spec_says_otherwise()
    {
        var cluster = PatroniClusters.Hippo();

        Assert.Contains(PatroniRbac.InstanceRules(cluster, isOpenShift: true), rule => rule.Resources.Contains("endpoints/restricted"));

        cluster.Spec.Openshift = false;
        Assert.DoesNotContain(PatroniRbac.InstanceRules(cluster, isOpenShift: true), rule => rule.Resources.Contains("endpoints/restricted"));
    }

    [Fact]
    public void Verbs_are_unique_and_sorted()
    {
        var cluster = PatroniClusters.Hippo();
        cluster.Spec.Openshift = true;

        Assert.All(PatroniRbac.InstanceRules(cluster), rule =>
        {
            Assert.Equal(rule.Verbs.Distinct().OrderBy(v => v, StringComparer.Ordinal), rule.Verbs);
            Assert.Equal([""], rule.ApiGroups);
        });
    }
}
