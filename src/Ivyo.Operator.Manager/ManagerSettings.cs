using Ivyo.Operator.Controllers.Hosting;
using Ivyo.Operator.Controllers.IvoryClusters;
using Ivyo.Operator.Images;

namespace Ivyo.Operator.Manager;

/// <summary>
/// The operator's settings, from its environment as ivory-operator takes them:
/// <list type="bullet">
/// <item><c>IVYO_NAMESPACE</c>: the operator's namespace, where the leader Lease lives (no election without it);</item>
/// <item><c>IVYO_TARGET_NAMESPACE</c>: reconcile only this namespace (the single-namespace install);</item>
/// <item><c>POD_NAME</c>: this replica's name, its identity in the election;</item>
/// <item><c>IVYO_HTTP_ADDRESS</c>: where /healthz, /readyz and /metrics listen (default <c>http://0.0.0.0:8080</c>);</item>
/// <item><c>IVYO_IMAGE_CATALOG</c>: a YAML image catalog replacing the built-in one;</item>
/// <item><c>IVYO_WORKERS</c>: clusters reconciled in parallel (default 2);</item>
/// <item><c>RELATED_IMAGE_*</c>: default images, read when a cluster is reconciled.</item>
/// </list>
/// </summary>
public sealed record ManagerSettings(OperatorOptions Operator, string HttpAddress)
{
    public static ManagerSettings FromEnvironment(Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        string? Get(string name) => environment(name) is { Length: > 0 } value ? value : null;

        var workers = 2;
        if (Get("IVYO_WORKERS") is { } text && (!int.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, out workers) || workers < 1))
        {
            throw new ArgumentException($"IVYO_WORKERS: \"{text}\" is not a positive integer.");
        }

        var images = Get("IVYO_IMAGE_CATALOG") is { } catalog ? ImageCatalogFile.Load(catalog) : ImageCatalog.Default;
        var identity = (Get("POD_NAME") ?? Environment.MachineName) + "_" + Guid.NewGuid().ToString("N")[..8];
        return new ManagerSettings(
            new OperatorOptions
            {
                WatchNamespace = Get("IVYO_TARGET_NAMESPACE"),
                LeaderElectionNamespace = Get("IVYO_NAMESPACE"),
                Identity = identity,
                Workers = workers,
                Reconciler = new IvoryClusterReconcilerOptions { Environment = environment, Images = images },
            },
            Get("IVYO_HTTP_ADDRESS") ?? "http://0.0.0.0:8080");
    }
}
