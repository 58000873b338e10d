using System.Text.Json.Nodes;
using Ivyo.LocalCluster.ApiServer.Errors;
using Ivyo.LocalCluster.ApiServer.Objects;
using Ivyo.LocalCluster.ApiServer.Requests;
using Microsoft.AspNetCore.Http;

namespace Ivyo.LocalCluster.ApiServer.Http;

/// <summary>
/// The <c>scale</c> subresource of StatefulSets, Deployments and ReplicaSets (what <c>kubectl scale</c> uses): an
/// autoscaling/v1 Scale read from and written to the object's <c>spec.replicas</c>.
/// </summary>
public sealed class ScaleHandler(ObjectService objects, IPatchApplier patches)
{
    public async Task HandleAsync(HttpContext context, ServedResource resource, RequestInfo info, CancellationToken cancellationToken)
    {
        var ns = info.Namespace;
        switch (info.Verb)
        {
            case "get":
                await HttpJson.WriteAsync(context.Response, 200, ToScale(await objects.GetAsync(resource, ns, info.Name, cancellationToken)), cancellationToken);
                break;
            case "update":
            case "patch":
                var body = await HttpJson.ReadBodyAsync(context.Request, cancellationToken);
                var contentType = (context.Request.ContentType ?? "").Split(';')[0].Trim();
                var precondition = info.Verb == "update" ? (string?)body["metadata"]?["resourceVersion"] : null;
                var options = QueryOptions.Write(context.Request.Query);
                var written = await objects.GuaranteedUpdateAsync(resource, ns, info.Name, precondition, current =>
                {
                    var scale = ToScale(current);
                    var desired = info.Verb == "update"
                        ? body as JsonObject ?? throw ApiException.BadRequest("the object provided is unrecognized: expected a Scale")
                        : patches.Apply(ScaleResource(resource), contentType, scale, body);
                    var replicas = (long?)desired["spec"]?["replicas"] ?? 0;
                    if (replicas < 0)
                    {
                        throw ApiException.Invalid("autoscaling", "Scale", info.Name,
                            [("spec.replicas", $"spec.replicas: Invalid value: {replicas}: must be greater than or equal to 0")]);
                    }

                    var updated = (JsonObject)current.DeepClone();
                    var spec = updated["spec"] as JsonObject ?? new JsonObject();
                    updated["spec"] = spec;
                    spec["replicas"] = replicas;
                    return updated;
                }, "", options, cancellationToken);
                await HttpJson.WriteAsync(context.Response, 200, ToScale(written), cancellationToken);
                break;
            default:
                throw ApiException.MethodNotSupported(resource.Resource + "/scale", info.Verb);
        }
    }

    /// <summary>The Scale of an object: its replicas, observed replicas and label selector.</summary>
    public static JsonObject ToScale(JsonObject obj)
    {
        var metadata = obj["metadata"] as JsonObject ?? new JsonObject();
        return new JsonObject
        {
            ["kind"] = "Scale",
            ["apiVersion"] = "autoscaling/v1",
            ["metadata"] = new JsonObject
            {
                ["name"] = metadata["name"]?.DeepClone(),
                ["namespace"] = metadata["namespace"]?.DeepClone(),
                ["uid"] = metadata["uid"]?.DeepClone(),
                ["resourceVersion"] = metadata["resourceVersion"]?.DeepClone(),
                ["creationTimestamp"] = metadata["creationTimestamp"]?.DeepClone(),
            },
            ["spec"] = new JsonObject { ["replicas"] = (long?)obj["spec"]?["replicas"] ?? 0 },
            ["status"] = new JsonObject
            {
                ["replicas"] = (long?)obj["status"]?["replicas"] ?? 0,
                ["selector"] = Selector(obj["spec"]?["selector"]),
            },
        };
    }

    /// <summary>A label selector as a string, as Scale's status reports it.</summary>
    private static string Selector(JsonNode? selector)
    {
        var terms = new List<string>();
        foreach (var (key, value) in selector?["matchLabels"]?.AsObject() ?? [])
        {
            terms.Add($"{key}={(string?)value}");
        }

        foreach (var expression in selector?["matchExpressions"]?.AsArray() ?? [])
        {
            var values = string.Join(',', (expression?["values"]?.AsArray() ?? []).Select(v => (string?)v));
            terms.Add((string?)expression?["operator"] switch
            {
                "In" => $"{expression?["key"]} in ({values})",
                "NotIn" => $"{expression?["key"]} notin ({values})",
                "Exists" => $"{expression?["key"]}",
                _ => $"!{expression?["key"]}",
            });
        }

        return string.Join(',', terms.Order(StringComparer.Ordinal));
    }

    /// <summary>Patches of a Scale are patches of an autoscaling/v1 Scale, a built-in kind.</summary>
    private static ServedResource ScaleResource(ServedResource owner) =>
        owner with { Type = owner.Type with { Group = "autoscaling", Version = "v1", Kind = "Scale", IsCustomResource = false } };
}
