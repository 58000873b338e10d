using System.Text;
using k8s.Models;

namespace Ivyo.LocalCluster.NodeAgent.Pods;

/// <summary>
/// A container's environment as the kubelet builds it (makeEnvironmentVariables): <c>envFrom</c> sources, then
/// <c>env</c> in order with <c>$(VAR)</c> expansion over what came before and the Service variables, then the Service
/// variables not already set. A missing required ConfigMap, Secret or key fails with the kubelet's message, which
/// becomes the container's <c>CreateContainerConfigError</c>.
/// </summary>
public sealed class ContainerEnvironment(IClusterObjects objects)
{
    public async Task<Dictionary<string, string>> BuildAsync(
        V1Pod pod, V1Container container, IReadOnlyDictionary<string, string> services, string? hostIp,
        IReadOnlyDictionary<string, decimal> allocatable, CancellationToken cancellationToken)
    {
        var ns = pod.Metadata.NamespaceProperty;
        var env = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var source in container.EnvFrom ?? [])
        {
            var prefix = source.Prefix ?? "";
            if (source.ConfigMapRef is { } configMapRef)
            {
                var configMap = await objects.GetConfigMapAsync(ns, configMapRef.Name, cancellationToken);
                if (configMap is null && configMapRef.Optional != true)
                {
                    throw new ContainerConfigException($"configmap \"{configMapRef.Name}\" not found");
                }

                foreach (var (key, value) in configMap?.Data ?? new Dictionary<string, string>())
                {
                    env[prefix + key] = value;
                }
            }

            if (source.SecretRef is { } secretRef)
            {
                var secret = await objects.GetSecretAsync(ns, secretRef.Name, cancellationToken);
                if (secret is null && secretRef.Optional != true)
                {
                    throw new ContainerConfigException($"secret \"{secretRef.Name}\" not found");
                }

                foreach (var (key, value) in secret?.Data ?? new Dictionary<string, byte[]>())
                {
                    env[prefix + key] = Encoding.UTF8.GetString(value);
                }
            }
        }

        string? Lookup(string name) => env.TryGetValue(name, out var value) ? value : services.TryGetValue(name, out var service) ? service : null;

        foreach (var variable in container.Env ?? [])
        {
            string value;
            if (!string.IsNullOrEmpty(variable.Value))
            {
                value = VariableExpansion.Expand(variable.Value, Lookup);
            }
            else if (variable.ValueFrom is { } from)
            {
                // An optional reference to a missing key leaves the variable out.
                if (await ValueFromAsync(pod, container, from, hostIp, allocatable, cancellationToken) is not { } resolved)
                {
                    continue;
                }

                value = resolved;
            }
            else
            {
                value = "";
            }

            env[variable.Name] = value;
        }

        foreach (var (name, value) in services)
        {
            env.TryAdd(name, value);
        }

        return env;
    }

    private async Task<string?> ValueFromAsync(
        V1Pod pod, V1Container container, V1EnvVarSource from, string? hostIp, IReadOnlyDictionary<string, decimal> allocatable, CancellationToken cancellationToken)
    {
        var ns = pod.Metadata.NamespaceProperty;
        if (from.FieldRef is { } field)
        {
            return FieldPaths.PodField(pod, field.FieldPath, hostIp);
        }

        if (from.ResourceFieldRef is { } resource)
        {
            var target = string.IsNullOrEmpty(resource.ContainerName)
                ? container
                : pod.Spec.Containers.Concat(pod.Spec.InitContainers ?? []).First(c => c.Name == resource.ContainerName);
            return FieldPaths.ContainerResource(target, resource.Resource, resource.Divisor, allocatable);
        }

        if (from.ConfigMapKeyRef is { } configMapKey)
        {
            var configMap = await objects.GetConfigMapAsync(ns, configMapKey.Name, cancellationToken);
            if (configMap?.Data?.TryGetValue(configMapKey.Key, out var value) == true)
            {
                return value;
            }

            return configMapKey.Optional == true
                ? null
                : throw new ContainerConfigException(configMap is null
                    ? $"configmap \"{configMapKey.Name}\" not found"
                    : $"couldn't find key {configMapKey.Key} in ConfigMap {ns}/{configMapKey.Name}");
        }

        if (from.SecretKeyRef is { } secretKey)
        {
            var secret = await objects.GetSecretAsync(ns, secretKey.Name, cancellationToken);
            if (secret?.Data?.TryGetValue(secretKey.Key, out var bytes) == true)
            {
                return Encoding.UTF8.GetString(bytes);
            }

            return secretKey.Optional == true
                ? null
                : throw new ContainerConfigException(secret is null
                    ? $"secret \"{secretKey.Name}\" not found"
                    : $"couldn't find key {secretKey.Key} in Secret {ns}/{secretKey.Name}");
        }

        return null;
    }
}

/// <summary>A container cannot be configured yet (a missing ConfigMap, Secret or key): <c>CreateContainerConfigError</c>.</summary>
public sealed class ContainerConfigException(string message) : Exception(message);
