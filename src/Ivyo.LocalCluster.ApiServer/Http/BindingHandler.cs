using System.Text.Json.Nodes;
using Ivyo.LocalCluster.ApiServer.Errors;
using Ivyo.LocalCluster.ApiServer.Objects;
using Ivyo.LocalCluster.ApiServer.Requests;
using Microsoft.AspNetCore.Http;

namespace Ivyo.LocalCluster.ApiServer.Http;

/// <summary>
/// The <c>pods/binding</c> subresource, how a scheduler assigns a pod: sets <c>spec.nodeName</c> once, adds the
/// binding's annotations and the <c>PodScheduled</c> condition, as kube-apiserver's BindingREST does. A pod that is
/// already assigned, or being deleted, is a 409.
/// </summary>
public sealed class BindingHandler(ObjectService objects, TimeProvider time)
{
    public async Task HandleAsync(HttpContext context, ServedResource pods, RequestInfo info, CancellationToken cancellationToken)
    {
        if (info.Verb != "create")
        {
            throw ApiException.MethodNotSupported("pods/binding", info.Verb);
        }

        var binding = await HttpJson.ReadBodyAsync(context.Request, cancellationToken) as JsonObject
            ?? throw ApiException.BadRequest("the object provided is unrecognized: expected a Binding");
        if ((string?)binding["metadata"]?["name"] is { Length: > 0 } named && named != info.Name)
        {
            throw ApiException.BadRequest("name in URL does not match name in Binding object");
        }

        var node = (string?)binding["target"]?["name"] ?? "";
        if ((string?)binding["target"]?["kind"] is { Length: > 0 } kind && kind != "Node")
        {
            throw ApiException.Invalid("", "Binding", info.Name, [("target.kind", $"target.kind: Invalid value: \"{kind}\": must be empty or 'Node'")]);
        }

        if (node.Length == 0)
        {
            throw ApiException.Invalid("", "Binding", info.Name, [("target.name", "target.name: Required value")]);
        }

        var uid = (string?)binding["metadata"]?["uid"];
        var precondition = (string?)binding["metadata"]?["resourceVersion"];
        await objects.GuaranteedUpdateAsync(pods, info.Namespace, info.Name, precondition, pod =>
        {
            if (uid is { Length: > 0 } && uid != (string?)pod["metadata"]?["uid"])
            {
                throw ApiException.Conflict("", "pods", info.Name);
            }

            if (pod["metadata"]?["deletionTimestamp"] is not null)
            {
                throw new ApiException(409, "Conflict", $"Operation cannot be fulfilled on pods/binding \"{info.Name}\": pod {info.Name} is being deleted, cannot be assigned to a host");
            }

            if ((string?)pod["spec"]?["nodeName"] is { Length: > 0 } assigned)
            {
                throw new ApiException(409, "Conflict", $"Operation cannot be fulfilled on pods/binding \"{info.Name}\": pod {info.Name} is already assigned to node \"{assigned}\"");
            }

            var bound = (JsonObject)pod.DeepClone();
            bound["spec"]!["nodeName"] = node;
            if (binding["metadata"]?["annotations"] is JsonObject annotations && annotations.Count > 0)
            {
                var metadata = ObjectMetadata.Metadata(bound);
                var existing = metadata["annotations"] as JsonObject ?? new JsonObject();
                metadata["annotations"] = existing;
                foreach (var (key, value) in annotations)
                {
                    existing[key] = value?.DeepClone();
                }
            }

            SetScheduled(bound);
            return bound;
        }, "binding", new WriteOptions(false, Schema.Validation.FieldValidation.Ignore), cancellationToken);

        await HttpJson.WriteAsync(context.Response, 201,
            new JsonObject { ["kind"] = "Status", ["apiVersion"] = "v1", ["metadata"] = new JsonObject(), ["status"] = "Success", ["code"] = 201 },
            cancellationToken);
    }

    private void SetScheduled(JsonObject pod)
    {
        var status = pod["status"] as JsonObject ?? new JsonObject();
        pod["status"] = status;
        var conditions = status["conditions"] as JsonArray ?? new JsonArray();
        status["conditions"] = conditions;
        var scheduled = conditions.OfType<JsonObject>().FirstOrDefault(c => (string?)c["type"] == "PodScheduled");
        if (scheduled is null)
        {
            scheduled = new JsonObject { ["type"] = "PodScheduled" };
            conditions.Add(scheduled);
        }

        scheduled["status"] = "True";
        scheduled["lastProbeTime"] = null;
        scheduled["lastTransitionTime"] = ObjectMetadata.Timestamp(time.GetUtcNow());
        scheduled.Remove("reason");
        scheduled.Remove("message");
    }
}
