using System.Text;
using Ivyo.Api.V1Beta1;
using Ivyo.Operator.Naming;
using Ivyo.Operator.Tests.Support;
using Ivyo.Operator.Users;
using k8s.Models;

namespace Ivyo.Operator.Tests.Users;

public sealed class UserSecretsTests
{
    [Fact]
    public void Default_user_is_named_after_the_cluster_with_its_database()
    {
        var user = Assert.Single(UserSecrets.Users(TestClusters.Hippo()));
        Assert.Equal("hippo", user.Name);
        Assert.Equal(["hippo"], user.Databases!);
    }

    [Fact]
    public void An_empty_user_list_means_no_users()
    {
        var cluster = TestClusters.Hippo();
        cluster.Spec.Users = [];
        Assert.Empty(UserSecrets.Users(cluster));
    }

    [Fact]
    public void Secret_has_every_connection_key()
    {
        var inputs = TestClusters.Inputs();
        var secret = UserSecrets.Build(inputs, new IvoryUserSpec { Name = "rhino", Databases = ["zoo"] });
        var data = secret.Data.ToDictionary(pair => pair.Key, pair => Encoding.UTF8.GetString(pair.Value));

        Assert.Equal("hippo-pguser-rhino", secret.Metadata.Name);
        Assert.Equal(["dbname", "host", "jdbc-uri", "password", "port", "uri", "user", "verifier"], data.Keys.Order());
        Assert.Equal("hippo-primary.ivory-operator.svc", data["host"]);
        Assert.Equal("5432", data["port"]);
        Assert.Equal("zoo", data["dbname"]);
        Assert.Equal(PasswordGenerator.Length, data["password"].Length);
        Assert.Equal($"postgresql://rhino:{Uri.EscapeDataString(data["password"])}@hippo-primary.ivory-operator.svc:5432/zoo", data["uri"]);
        Assert.StartsWith("jdbc:postgresql://hippo-primary.ivory-operator.svc:5432/zoo?password=", data["jdbc-uri"]);
        Assert.StartsWith("SCRAM-SHA-256$4096:", data["verifier"]);
        Assert.Equal(("pguser", "rhino"), (secret.Metadata.Labels[Labels.Role], secret.Metadata.Labels[Labels.IvoryUser]));
    }

    [Fact]
    public void Existing_password_is_kept_and_alphanumeric_passwords_have_no_symbols()
    {
        var first = UserSecrets.Build(TestClusters.Inputs(), new IvoryUserSpec { Name = "rhino" });
        var inputs = TestClusters.Inputs() with { ExistingSecrets = new Dictionary<string, V1Secret> { ["hippo-pguser-rhino"] = first } };
        var again = UserSecrets.Build(inputs, new IvoryUserSpec { Name = "rhino" });
        Assert.Equal(first.Data["password"], again.Data["password"]);
        Assert.Equal(first.Data["verifier"], again.Data["verifier"]); // Reproduced, not re-salted: no write.
        Assert.False(again.Data.ContainsKey("dbname"));

        // A password the user set gets a verifier of its own.
        first.Data["password"] = Encoding.UTF8.GetBytes("s3cret");
        var changed = UserSecrets.Build(inputs, new IvoryUserSpec { Name = "rhino" });
        Assert.Equal("s3cret", Encoding.UTF8.GetString(changed.Data["password"]));
        Assert.True(ScramVerifier.Matches("s3cret", Encoding.UTF8.GetString(changed.Data["verifier"])));
        Assert.False(ScramVerifier.Matches("other", Encoding.UTF8.GetString(changed.Data["verifier"])));

        var alpha = UserSecrets.Build(TestClusters.Inputs(), new IvoryUserSpec { Name = "rhino", Password = new IvoryPasswordSpec { Type = "AlphaNumeric" } });
        Assert.Matches("^[A-Za-z0-9]{24}$", Encoding.UTF8.GetString(alpha.Data["password"]));
    }
}
