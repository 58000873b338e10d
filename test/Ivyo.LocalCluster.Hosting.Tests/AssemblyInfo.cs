[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]

// Each test class runs whole clusters of real processes (Patroni with 1 s loops and an 8 s lease among them); two at
// once on a 2-core machine starve each other's timers, so the classes run one after another.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
