using Ivyo.LocalCluster.NodeAgent.Images;
using Ivyo.LocalCluster.NodeAgent.Runtime;
using k8s.Models;

namespace Ivyo.LocalCluster.NodeAgent.Pods;

/// <summary>
/// What a container runs, from its spec and its image as Kubernetes combines them: <c>command</c> replaces the
/// image's entrypoint and drops its command; <c>args</c> replaces the image's command; both get <c>$(VAR)</c>
/// expansion. The user comes from the container's securityContext, then the pod's, then the image; fsGroup and
/// supplementalGroups join the groups.
/// </summary>
public static class ContainerCommands
{
    public static ContainerCommand Resolve(V1Pod pod, V1Container container, LocalImage? image, IReadOnlyDictionary<string, string> environment)
    {
        var hasCommand = container.Command is { Count: > 0 };
        if (!hasCommand && image is null)
        {
            throw new ImageNotFoundException(container.Image);
        }

        IEnumerable<string> argv = hasCommand ? container.Command! : image!.Entrypoint;
        argv = argv.Concat(container.Args is { Count: > 0 } args ? args : hasCommand ? [] : image!.Command);
        string? Lookup(string name) => environment.TryGetValue(name, out var value) ? value : null;
        var expanded = argv.Select(a => VariableExpansion.Expand(a, Lookup)).ToList();

        var env = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, value) in image?.Environment ?? new Dictionary<string, string>())
        {
            env[name] = value;
        }

        // An image's own PATH (its ENV) wins over the runtime's default, as with any container runtime.
        env.TryAdd("PATH", ContainerCommand.DefaultPath);
        env["HOSTNAME"] = pod.Spec.Hostname is { Length: > 0 } h ? h : pod.Metadata.Name;
        foreach (var (name, value) in environment)
        {
            env[name] = value;
        }

        var podSecurity = pod.Spec.SecurityContext;
        var uid = container.SecurityContext?.RunAsUser ?? podSecurity?.RunAsUser ?? image?.User;
        var gid = container.SecurityContext?.RunAsGroup ?? podSecurity?.RunAsGroup ?? image?.Group ?? (uid is null ? null : 0);
        var groups = new List<long>();
        if (podSecurity?.FsGroup is { } fsGroup)
        {
            groups.Add(fsGroup);
        }

        groups.AddRange((podSecurity?.SupplementalGroups ?? []).OfType<long>());
        var user = uid is null && groups.Count == 0 ? null : new ContainerUser(uid ?? 0, gid ?? 0, groups);
        return new ContainerCommand(expanded, env, container.WorkingDir is { Length: > 0 } dir ? dir : image?.WorkingDirectory, user);
    }
}

/// <summary>The image is unknown to the local cluster and the container names no command: <c>ErrImagePull</c>.</summary>
public sealed class ImageNotFoundException(string image)
    : Exception($"Failed to pull image \"{image}\": the local cluster's image catalog has no \"{LocalImageCatalog.Repository(image)}\"; give the container a command or register the image");
