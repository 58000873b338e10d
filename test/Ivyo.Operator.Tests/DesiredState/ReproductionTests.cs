using Ivyo.Api.V1Beta1;
using Ivyo.Operator.DesiredState;
using Ivyo.Operator.Tests.Support;
using k8s;
using k8s.Models;

namespace Ivyo.Operator.Tests.DesiredState;

/// <summary>
/// A reconcile must reproduce what exists: built again from the objects of the first build (instances, Secrets), with
/// other randomness and a later clock, every object is byte-for-byte the same. Otherwise each reconcile would rotate
/// certificates and passwords and write them.
/// </summary>
public sealed class ReproductionTests
{
    [Fact]
    public void A_second_build_from_the_existing_objects_reproduces_every_object()
    {
        var cluster = TestClusters.Hippo();
        cluster.Spec.Proxy = new Proxy { PgBouncer = new PgBouncerPod { Image = "docker.io/ivorysql/pgbouncer:1" } };
        cluster.Spec.Users = [new IvoryUserSpec { Name = "rhino", Databases = ["zoo"] }];
        var first = DesiredStateBuilder.Build(TestClusters.Inputs(cluster, seed: 1));

        var secrets = first.Objects.OfType<V1Secret>().ToDictionary(secret => secret.Metadata.Name);
        var instances = first.Instances.GroupBy(instance => instance.SetName)
            .ToDictionary(group => group.Key, group => (IReadOnlyList<string>)[.. group.Select(instance => instance.Name)]);
        var second = DesiredStateBuilder.Build(TestClusters.Inputs(cluster, seed: 2) with
        {
            ExistingSecrets = secrets,
            ExistingInstances = instances,
            Now = TestClusters.Now.AddDays(3),
        });

        Assert.Equal(first.Objects.Select(Serialize), second.Objects.Select(Serialize));
    }

    [Fact]
    public void A_certificate_close_to_expiry_is_reissued()
    {
        var first = DesiredStateBuilder.Build(TestClusters.Inputs());
        var secrets = first.Objects.OfType<V1Secret>().ToDictionary(secret => secret.Metadata.Name);
        var late = DesiredStateBuilder.Build(TestClusters.Inputs() with { ExistingSecrets = secrets, Now = TestClusters.Now.AddYears(1) });

        var before = secrets["hippo-cluster-cert"].Data["tls.crt"];
        var after = late.Objects.OfType<V1Secret>().Single(secret => secret.Metadata.Name == "hippo-cluster-cert").Data["tls.crt"];
        Assert.NotEqual(before, after);
    }

    private static string Serialize(IKubernetesObject<V1ObjectMeta> item) => KubernetesJson.Serialize(item);
}
