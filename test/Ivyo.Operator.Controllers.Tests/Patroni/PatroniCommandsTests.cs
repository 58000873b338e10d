using System.Text.Json.Nodes;
using Ivyo.Operator.Controllers.Patroni;

namespace Ivyo.Operator.Controllers.Tests.Patroni;

public sealed class PatroniCommandsTests
{
    [Fact]
    public void The_leader_timeline_comes_from_patronictl_list()
    {
        // patronictl 3.0.2 list --format=json, as it prints it.
        const string output = """[{"Cluster": "hippo-ha", "Member": "hippo-instance1-67mc-0", "Host": "hippo-instance1-67mc-0.hippo-pods", "Role": "Leader", "State": "running", "TL": 4}, {"Cluster": "hippo-ha", "Member": "hippo-instance1-ltcf-0", "Host": "hippo-instance1-ltcf-0.hippo-pods", "Role": "Replica", "State": "streaming", "TL": 4, "Lag in MB": 0}]""";
        Assert.Equal(4, PatroniCommands.LeaderTimeline(output));
    }

    [Theory]
    [InlineData("""[{"Member": "a", "Role": "Replica", "TL": 4}]""")]
    [InlineData("not json")]
    [InlineData("{}")]
    [InlineData("")]
    public void Without_a_leader_there_is_no_timeline(string output) => Assert.Equal(0, PatroniCommands.LeaderTimeline(output));

    [Fact]
    public void The_configuration_goes_in_an_argument_not_stdin()
    {
        var command = PatroniCommands.ReplaceConfiguration(new JsonObject { ["synchronous_mode"] = true });
        Assert.Equal(["bash", "-ceu", "--"], command.Take(3));
        Assert.Contains("patronictl edit-config --replace=- --force", command[3], StringComparison.Ordinal);
        Assert.Equal("""{"synchronous_mode":true}""", command[^1]);
    }

    [Fact]
    public void Outcomes_are_read_from_patronis_messages()
    {
        Assert.True(PatroniCommands.SwitchedOver("2026-11-26 10:00:00.000000 Successfully switched over to \"hippo-instance1-ltcf-0\""));
        Assert.False(PatroniCommands.SwitchedOver("Switchover failed, details: 503, Switchover failed"));
        Assert.True(PatroniCommands.FailedOver("2026-11-26 10:00:00.000000 Successfully failed over to \"b\""));
        Assert.Equal(["patronictl", "switchover", "--scheduled=now", "--force", "--candidate=b-0"], PatroniCommands.Switchover("b-0"));
        Assert.Equal(["patronictl", "switchover", "--scheduled=now", "--force"], PatroniCommands.Switchover(null));
    }
}

public sealed class JsonSemanticsTests
{
    [Theory]
    [InlineData("""{"a":1,"b":[true,"x"]}""", """{"b":[true,"x"],"a":1.0}""", true)]
    [InlineData("""{"ttl":30}""", """{"ttl":3e1}""", true)]
    [InlineData("""{"a":1}""", """{"a":"1"}""", false)]
    [InlineData("""{"a":[1,2]}""", """{"a":[2,1]}""", false)]
    [InlineData("""{"a":1}""", """{"a":1,"b":null}""", false)]
    [InlineData("""{"a":null}""", """{"a":null}""", true)]
    [InlineData("""{"a":false}""", """{"a":true}""", false)]
    public void Documents_are_compared_by_meaning(string left, string right, bool same) =>
        Assert.Equal(same, JsonSemantics.Same(JsonNode.Parse(left), JsonNode.Parse(right)));
}

public sealed class PatroniOutcomeTests
{
    [Fact]
    public void The_outcome_is_the_result_line_not_the_topology()
    {
        const string output = """
            Current cluster topology
            + Cluster: hippo-ha (7712432436557967555) -------+---------+---------+----+-----------+
            | Member                 | Host                  | Role    | State   | TL | Lag in MB |
            +------------------------+-----------------------+---------+---------+----+-----------+
            | hippo-instance1-hdhz-0 | hippo-instance1-hdhz-0 | Leader  | running |  1 |           |
            +------------------------+-----------------------+---------+---------+----+-----------+
            2026-11-26 10:59:01.12 Successfully switched over to "hippo-instance1-vxx4-0"
            + Cluster: hippo-ha (7712432436557967555) -------+---------+---------+----+-----------+
            """;
        Assert.Equal("2026-11-26 10:59:01.12 Successfully switched over to \"hippo-instance1-vxx4-0\"", PatroniCommands.Outcome(output));
        Assert.Equal("Switchover failed, details: 503", PatroniCommands.Outcome("Current cluster topology\n| a |\nSwitchover failed, details: 503\n"));
    }
}
