namespace Ivyo.LocalCluster.Hosting.Faults;

/// <summary>A fault could not be injected: no such pod, container or node, or it is not in a state to take it.</summary>
public sealed class FaultException(string message) : Exception(message);
