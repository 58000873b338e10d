using Ivyo.Operator.Controllers.Hosting;
using Ivyo.Operator.Manager;
using Ivyo.Operator.Manager.LocalImages;
using k8s;
using Microsoft.Extensions.Logging;

// ivyo-operator: the IVYO operator process. In a pod it uses its ServiceAccount; elsewhere $KUBECONFIG or ~/.kube/config.
// "ivyo-operator pgbackrest-entrypoint" is the local cluster's pgBackRest image entrypoint (see PgBackRestEntrypoint).
if (args is [PgBackRestEntrypoint.Subcommand])
{
    return await PgBackRestEntrypoint.RunAsync(Environment.GetEnvironmentVariable, CancellationToken.None);
}

ManagerSettings settings;
try
{
    settings = ManagerSettings.FromEnvironment(Environment.GetEnvironmentVariable);
}
catch (Exception e) when (e is ArgumentException or InvalidDataException)
{
    Console.Error.WriteLine("error: " + e.Message);
    return 2;
}

var configuration = KubernetesClientConfiguration.IsInCluster()
    ? KubernetesClientConfiguration.InClusterConfig()
    : KubernetesClientConfiguration.BuildConfigFromConfigFile(Environment.GetEnvironmentVariable("KUBECONFIG"));
using var client = new Kubernetes(configuration);
using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    stop.Cancel();
};
using var sigterm = System.Runtime.InteropServices.PosixSignalRegistration.Create(System.Runtime.InteropServices.PosixSignal.SIGTERM, context =>
{
    context.Cancel = true;
    stop.Cancel();
});

// Structured logs: one JSON object a line.
await using var host = await ManagerHost.StartAsync(settings, client, logging => logging.AddJsonConsole(options =>
{
    options.IncludeScopes = true;
    options.TimestampFormat = "yyyy-MM-dd'T'HH:mm:ss.fff'Z'";
    options.UseUtcTimestamp = true;
}));
using (stop.Token.Register(() => _ = host.StopAsync()))
{
    try
    {
        await host.Completion;
    }
    catch (LeadershipLostException e)
    {
        Console.Error.WriteLine("error: " + e.Message);
        return 1;
    }
}

return 0;
