namespace Ivyo.LocalCluster.NodeAgent.Volumes;

/// <summary>
/// A volume cannot be set up yet (a missing ConfigMap, an unbound claim): the pod stays <c>ContainerCreating</c>
/// and the kubelet retries, reporting <c>FailedMount</c> with this message.
/// </summary>
public sealed class VolumeNotReadyException(string volume, string message) : Exception($"MountVolume.SetUp failed for volume \"{volume}\" : {message}");
