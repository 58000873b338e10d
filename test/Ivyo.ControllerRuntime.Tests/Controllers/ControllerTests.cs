using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Ivyo.ControllerRuntime.Controllers;
using Ivyo.ControllerRuntime.Informers;
using Ivyo.ControllerRuntime.Metrics;
using Ivyo.ControllerRuntime.Queues;
using Ivyo.ControllerRuntime.Resources;
using Ivyo.ControllerRuntime.Tests.Support;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace Ivyo.ControllerRuntime.Tests.Controllers;

public sealed class ControllerTests
{
    private sealed class RecordingReconciler(Func<string, int, ReconcileResult>? behaviour = null) : IReconciler
    {
        private readonly ConcurrentDictionary<string, int> _calls = new();

        public ConcurrentQueue<string> Keys { get; } = new();

        public int Calls(string key) => _calls.GetValueOrDefault(key);

        public Task<ReconcileResult> ReconcileAsync(string key, CancellationToken cancellationToken)
        {
            var call = _calls.AddOrUpdate(key, 1, (_, n) => n + 1);
            Keys.Enqueue(key);
            return Task.FromResult(behaviour?.Invoke(key, call) ?? ReconcileResult.Done);
        }
    }

    [Fact]
    public async Task Changes_of_owned_objects_reconcile_the_key_of_their_controller_owner()
    {
        await using var cluster = await TestCluster.StartAsync();
        await IvoryClusters.CreateCrdAsync(cluster.Client);
        var ns = await cluster.CreateNamespaceAsync();
        var dbUid = await IvoryClusters.CreateAsync(cluster.Client, ns, "db");
        var otherUid = await IvoryClusters.CreateAsync(cluster.Client, ns, "other");
        V1OwnerReference Owner(string name, string uid, bool controller, string kind = IvoryClusters.Kind) =>
            new() { ApiVersion = IvoryClusters.ApiVersion, Kind = kind, Name = name, Uid = uid, Controller = controller };
        async Task ChildAsync(string name, V1OwnerReference owner) => await cluster.Client.CoreV1.CreateNamespacedConfigMapAsync(
            new V1ConfigMap { Metadata = new V1ObjectMeta { Name = name, OwnerReferences = [owner] }, Data = new Dictionary<string, string> { ["v"] = "1" } }, ns);
        await ChildAsync("db-config", Owner("db", dbUid, controller: true));
        await ChildAsync("merely-owned", Owner("other", otherUid, controller: false));

        var reconciler = new RecordingReconciler();
        using var controller = new Controller(new ControllerOptions { Name = "ivorycluster", Workers = 2 }, reconciler);
        var children = new ResourceInformer(cluster.Client, new ResourceType("", "v1", "configmaps", true), new InformerOptions { Namespace = ns });
        children.AddEventHandler(EnqueueHandlers.ForControllerOwner(controller.Queue, IvoryClusters.ApiVersion, IvoryClusters.Kind));
        controller.WaitFor(children);
        await using var runningInformer = Background.Run(children.RunAsync);
        await using var runningController = Background.Run(controller.RunAsync);

        await Eventually.TrueAsync(() => reconciler.Calls($"{ns}/db") == 1, "the owner's first reconcile");

        await cluster.UpdateConfigMapAsync(ns, "db-config", "2");
        await Eventually.TrueAsync(() => reconciler.Calls($"{ns}/db") == 2, "a reconcile after the child's update");
        await cluster.Client.CoreV1.DeleteNamespacedConfigMapAsync("db-config", ns);
        await Eventually.TrueAsync(() => reconciler.Calls($"{ns}/db") == 3, "a reconcile after the child's deletion");

        // Another kind as controller, and a non-controller owner, enqueue nothing; the marker's owner shows the queue moved past them.
        await ChildAsync("foreign", Owner("db", dbUid, controller: true, kind: "Deployment"));
        await cluster.UpdateConfigMapAsync(ns, "merely-owned", "2");
        var markerUid = await IvoryClusters.CreateAsync(cluster.Client, ns, "marker");
        await ChildAsync("marker-config", Owner("marker", markerUid, controller: true));
        await Eventually.TrueAsync(() => reconciler.Calls($"{ns}/marker") == 1, "the marker's reconcile");
        Assert.Equal([$"{ns}/db", $"{ns}/db", $"{ns}/db", $"{ns}/marker"], reconciler.Keys);
    }

    [Fact]
    public async Task A_failing_reconcile_is_retried_with_backoff_and_recorded_in_the_metrics()
    {
        var name = "retry-" + Guid.NewGuid().ToString("N")[..8];
        using var metrics = new ControllerRuntimeMetrics();
        var results = new ConcurrentQueue<string>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (ReferenceEquals(instrument.Meter, metrics.Meter) && instrument.Name == "controller.reconciles")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, _, tags, _) =>
        {
            var dictionary = tags.ToArray().ToDictionary(t => t.Key, t => t.Value);
            if ((string?)dictionary["controller"] == name)
            {
                results.Enqueue((string)dictionary["result"]!);
            }
        });
        listener.Start();

        var reconciler = new RecordingReconciler((_, call) => call <= 2 ? throw new InvalidOperationException("not yet") : ReconcileResult.Done);
        using var controller = new Controller(
            new ControllerOptions
            {
                Name = name,
                Metrics = metrics,
                RateLimiter = new ExponentialFailureRateLimiter<string>(TimeSpan.FromMilliseconds(10), TimeSpan.FromMilliseconds(100)),
            },
            reconciler);
        await using var running = Background.Run(controller.RunAsync);
        controller.Queue.Add("ns/a");

        await Eventually.TrueAsync(() => results.Count == 3, "three reconciles");
        Assert.Equal(["error", "error", "success"], results);
        Assert.Equal(0, controller.Queue.NumRequeues("ns/a"));
    }

    [Fact]
    public async Task A_conflict_is_retried_without_an_error_in_the_log()
    {
        var conflict = new k8s.Autorest.HttpOperationException("Conflict")
        {
            Response = new k8s.Autorest.HttpResponseMessageWrapper(new HttpResponseMessage(System.Net.HttpStatusCode.Conflict), "the object has been modified"),
        };
        var reconciler = new RecordingReconciler((_, call) => call == 1 ? throw conflict : ReconcileResult.Done);
        var logger = new LevelsLogger();
        using var controller = new Controller(
            new ControllerOptions
            {
                Name = "conflicts",
                RateLimiter = new ExponentialFailureRateLimiter<string>(TimeSpan.FromMilliseconds(10), TimeSpan.FromMilliseconds(100)),
            },
            reconciler,
            logger);
        await using var running = Background.Run(controller.RunAsync);
        controller.Queue.Add("ns/a");

        await Eventually.TrueAsync(() => reconciler.Calls("ns/a") == 2, "the conflicting reconcile is retried");
        Assert.DoesNotContain(LogLevel.Error, logger.Levels);
        Assert.Contains(LogLevel.Debug, logger.Levels);
    }

    /// <summary>Records the level of every message logged.</summary>
    private sealed class LevelsLogger : ILogger<Controller>
    {
        private readonly ConcurrentQueue<LogLevel> _levels = new();

        public IReadOnlyList<LogLevel> Levels => [.. _levels];

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            _levels.Enqueue(logLevel);
    }

    [Fact]
    public async Task RequeueAfter_calls_the_reconciler_again_after_the_delay()
    {
        var time = new ManualTimeProvider();
        var reconciler = new RecordingReconciler((_, call) => call == 1 ? ReconcileResult.After(TimeSpan.FromMinutes(1)) : ReconcileResult.Done);
        using var controller = new Controller(new ControllerOptions { Name = "requeue", Time = time }, reconciler);
        await using var running = Background.Run(controller.RunAsync);
        controller.Queue.Add("ns/a");
        await Eventually.TrueAsync(() => reconciler.Calls("ns/a") == 1 && controller.Queue.DelayedCount == 1, "the first reconcile and its delayed requeue");

        time.Advance(TimeSpan.FromSeconds(59));
        Assert.Equal(0, controller.Queue.Count);
        Assert.Equal(1, reconciler.Calls("ns/a"));
        time.Advance(TimeSpan.FromSeconds(1));
        await Eventually.TrueAsync(() => reconciler.Calls("ns/a") == 2, "the requeued reconcile");
    }
}
