using Ivyo.Operator.Manager.LocalImages;
using k8s.Models;

namespace Ivyo.Operator.Controllers.Tests.PgBackRest;

public sealed class PgBackRestEntrypointRequestTests
{
    private static readonly Dictionary<string, string> s_job = new()
    {
        ["COMMAND"] = "backup",
        ["COMMAND_OPTS"] = "--stanza=db --repo=1  --type=full",
        ["COMPARE_HASH"] = "true",
        ["CONTAINER"] = "pgbackrest",
        ["NAMESPACE"] = "zoo",
        ["SELECTOR"] = "ivory-operator.ivorysql.org/cluster=hippo,ivory-operator.ivorysql.org/pgbackrest=,ivory-operator.ivorysql.org/pgbackrest-dedicated=",
    };

    private static V1Pod Pod(string name, string phase, bool deleting = false) => new()
    {
        Metadata = new V1ObjectMeta { Name = name, DeletionTimestamp = deleting ? DateTime.UtcNow : null },
        Status = new V1PodStatus { Phase = phase },
    };

    [Fact]
    public void The_jobs_environment_is_the_command_and_where_to_run_it()
    {
        var request = PgBackRestEntrypointRequest.FromEnvironment(s_job.GetValueOrDefault);

        Assert.Equal(["pgbackrest", "backup", "--stanza=db", "--repo=1", "--type=full"], request.PgBackRestCommand);
        Assert.True(request.CompareHash);
        Assert.Equal(("pgbackrest", "zoo"), (request.Container, request.Namespace));
    }

    [Fact]
    public void A_missing_variable_is_named()
    {
        var environment = new Dictionary<string, string>(s_job);
        environment.Remove("SELECTOR");

        var error = Assert.Throws<ArgumentException>(() => PgBackRestEntrypointRequest.FromEnvironment(environment.GetValueOrDefault));
        Assert.StartsWith("SELECTOR is not set", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void It_runs_in_the_one_running_pod_and_refuses_otherwise()
    {
        var request = PgBackRestEntrypointRequest.FromEnvironment(s_job.GetValueOrDefault);

        Assert.Equal("hippo-repo-host-0", request.Target([Pod("hippo-repo-host-0", "Running"), Pod("old", "Running", deleting: true), Pod("x", "Pending")]).Pod?.Metadata.Name);
        Assert.Equal("expected one running pod matching \"" + s_job["SELECTOR"] + "\" in namespace zoo, found 0", request.Target([]).Problem);
        Assert.EndsWith("found 2: a, b", request.Target([Pod("a", "Running"), Pod("b", "Running")]).Problem, StringComparison.Ordinal);
    }
}
