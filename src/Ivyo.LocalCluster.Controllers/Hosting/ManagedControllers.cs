namespace Ivyo.LocalCluster.Controllers.Hosting;

/// <summary>The controllers a <see cref="ControllerManager"/> can run, as kube-controller-manager's <c>--controllers</c> names them.</summary>
[Flags]
public enum ManagedControllers
{
    /// <summary>None.</summary>
    None = 0,

    /// <summary><c>statefulset-controller</c>.</summary>
    StatefulSets = 1,

    /// <summary><c>persistentvolume-binder</c> with the hostpath provisioner and the default StorageClass.</summary>
    PersistentVolumes = 2,

    /// <summary><c>endpoints-controller</c>.</summary>
    Endpoints = 4,

    /// <summary><c>endpointslice-controller</c>.</summary>
    EndpointSlices = 8,

    /// <summary><c>disruption-controller</c>.</summary>
    Disruption = 16,

    /// <summary><c>node-lifecycle-controller</c> with the taint-eviction controller.</summary>
    NodeLifecycle = 32,

    /// <summary><c>replicaset-controller</c>.</summary>
    ReplicaSets = 64,

    /// <summary><c>deployment-controller</c>.</summary>
    Deployments = 128,

    /// <summary><c>job-controller</c>.</summary>
    Jobs = 256,

    /// <summary><c>cronjob-controller</c>.</summary>
    CronJobs = 512,

    /// <summary><c>ttl-after-finished-controller</c>: finished Jobs deleted after <c>ttlSecondsAfterFinished</c>.</summary>
    TtlAfterFinished = 1024,

    /// <summary>Every controller.</summary>
    All = StatefulSets | PersistentVolumes | Endpoints | EndpointSlices | Disruption | NodeLifecycle
        | ReplicaSets | Deployments | Jobs | CronJobs | TtlAfterFinished,
}
