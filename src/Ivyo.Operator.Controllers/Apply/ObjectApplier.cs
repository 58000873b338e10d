using System.Text.Json.Nodes;
using Ivyo.ControllerRuntime.Resources;

namespace Ivyo.Operator.Controllers.Apply;

/// <summary>
/// Writes desired objects with server-side apply under one field manager, forcing ownership of the fields IVYO sets,
/// as ivory-operator does. An object whose live state (from an informer's cache) already holds the configuration is
/// not written at all, so a steady-state reconcile sends no requests.
/// </summary>
public sealed class ObjectApplier(ResourceClient client, string fieldManager)
{
    /// <summary>The field manager IVYO applies as.</summary>
    public string FieldManager => fieldManager;

    /// <summary>Applies <paramref name="configuration"/> (changed: it gets the hash annotation) unless <paramref name="live"/> already holds it.</summary>
    public async Task<ApplyOutcome> ApplyAsync(ResourceType type, JsonObject configuration, JsonObject? live, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(type);
        ArgumentNullException.ThrowIfNull(configuration);
        var hash = AppliedConfiguration.Stamp(configuration);
        if (live is not null && AppliedConfiguration.Of(live) == hash && Convergence.Contains(live, WithoutTypeFields(configuration)))
        {
            return ApplyOutcome.Unchanged;
        }

        await client.ApplyAsync(type, configuration, fieldManager, force: true, cancellationToken).ConfigureAwait(false);
        return live is null ? ApplyOutcome.Created : ApplyOutcome.Updated;
    }

    /// <summary>The configuration without <c>apiVersion</c> and <c>kind</c>, which objects in a list (and so in a cache) may lack.</summary>
    private static JsonObject WithoutTypeFields(JsonObject configuration)
    {
        var copy = new JsonObject();
        foreach (var (name, value) in configuration)
        {
            if (name is not ("apiVersion" or "kind"))
            {
                copy[name] = value?.DeepClone();
            }
        }

        return copy;
    }
}
