using Ivyo.Operator.PgBackRest;

namespace Ivyo.Operator.Tests.PgBackRest;

public sealed class PgBackRestRbacTests
{
    private static Dictionary<string, string> ExpectedLabels() => new()
    {
        ["ivory-operator.ivorysql.org/cluster"] = "hippo",
        ["ivory-operator.ivorysql.org/pgbackrest"] = "",
    };

    [Fact]
    public void Service_account_role_and_binding_are_named_for_pgbackrest()
    {
        var inputs = BackupClusters.Inputs(BackupClusters.Hippo(BackupClusters.VolumeRepo()));
        var account = PgBackRestRbac.ServiceAccount(inputs);
        var role = PgBackRestRbac.Role(inputs);
        var binding = PgBackRestRbac.RoleBinding(inputs);

        Assert.Equal(("v1", "ServiceAccount", "hippo-pgbackrest"), (account.ApiVersion, account.Kind, account.Metadata.Name));
        Assert.Equal(("rbac.authorization.k8s.io/v1", "Role", "hippo-pgbackrest"), (role.ApiVersion, role.Kind, role.Metadata.Name));
        Assert.Equal(("rbac.authorization.k8s.io/v1", "RoleBinding", "hippo-pgbackrest"), (binding.ApiVersion, binding.Kind, binding.Metadata.Name));
        Assert.All(new[] { account.Metadata, role.Metadata, binding.Metadata }, metadata =>
        {
            Assert.Equal(ExpectedLabels(), metadata.Labels);
            Assert.Equal("postgres-operator", metadata.NamespaceProperty);
            Assert.True(Assert.Single(metadata.OwnerReferences).Controller);
        });
    }

    [Fact]
    public void Role_lets_jobs_find_pods_and_exec_into_them_only()
    {
        var inputs = BackupClusters.Inputs(BackupClusters.Hippo(BackupClusters.VolumeRepo()));
        var role = PgBackRestRbac.Role(inputs);
        var binding = PgBackRestRbac.RoleBinding(inputs);

        Assert.Equal(
            [("", "pods", "list"), ("", "pods/exec", "create,get")],
            role.Rules.Select(r => (Assert.Single(r.ApiGroups), Assert.Single(r.Resources), string.Join(',', r.Verbs))));
        Assert.Equal(("rbac.authorization.k8s.io", "Role", "hippo-pgbackrest"), (binding.RoleRef.ApiGroup, binding.RoleRef.Kind, binding.RoleRef.Name));
        var subject = Assert.Single(binding.Subjects);
        Assert.Equal(("ServiceAccount", "hippo-pgbackrest"), (subject.Kind, subject.Name));
    }
}
