using System.Text.Json.Nodes;
using Ivyo.LocalCluster.ApiServer.Errors;
using Ivyo.LocalCluster.ApiServer.Objects;
using Ivyo.LocalCluster.ApiServer.Requests;
using Microsoft.AspNetCore.Http;

namespace Ivyo.LocalCluster.ApiServer.Http;

/// <summary>
/// The <c>pods/eviction</c> subresource (what <c>kubectl drain</c> uses): a pod is deleted only if the one
/// PodDisruptionBudget that selects it allows a disruption, which it then spends; otherwise 429, as kube-apiserver's
/// eviction REST does. The disruption controller (part 2 of the local cluster) refills the budget.
/// </summary>
public sealed class EvictionHandler(ResourceTable table, ObjectService objects, TimeProvider time)
{
    /// <summary>Kubernetes' bound on evictions the disruption controller has not yet confirmed.</summary>
    private const int MaxDisruptedPods = 2000;

    private const string Violation = "Cannot evict pod as it would violate the pod's disruption budget.";

    public async Task HandleAsync(HttpContext context, ServedResource pods, RequestInfo info, CancellationToken cancellationToken)
    {
        if (info.Verb != "create")
        {
            throw ApiException.MethodNotSupported("pods/eviction", info.Verb);
        }

        var eviction = await HttpJson.ReadBodyAsync(context.Request, cancellationToken) as JsonObject
            ?? throw ApiException.BadRequest("the object provided is unrecognized: expected an Eviction");
        if ((string?)eviction["kind"] is { Length: > 0 } kind && kind != "Eviction")
        {
            throw ApiException.BadRequest($"the object provided is unrecognized (got kind {kind}, expected Eviction)");
        }

        if ((string?)eviction["metadata"]?["name"] is { Length: > 0 } named && named != info.Name)
        {
            throw ApiException.BadRequest("name in URL does not match name in Eviction object");
        }

        var delete = DeleteOptionsOf(eviction["deleteOptions"], context.Request.Query);
        for (var attempt = 0; ; attempt++)
        {
            var pod = await objects.GetAsync(pods, info.Namespace, info.Name, cancellationToken);
            try
            {
                if (!IgnoresBudgets(pod))
                {
                    await SpendBudgetAsync(pod, delete.DryRun, cancellationToken);
                }

                // Bound to the pod that was judged: a pod replaced meanwhile is not deleted by this eviction.
                var precondition = delete with { Uid = delete.Uid ?? (string?)pod["metadata"]?["uid"] };
                await objects.DeleteAsync(pods, info.Namespace, info.Name, precondition, cancellationToken);
                break;
            }
            catch (ApiException e) when (e.Code == 409 && e.Reason == "Conflict" && attempt < 5 && delete.Uid is null && delete.ResourceVersion is null)
            {
                // The budget changed under us: judge again, as kube-apiserver retries on conflict.
            }
        }

        await HttpJson.WriteAsync(context.Response, 201,
            new JsonObject { ["kind"] = "Status", ["apiVersion"] = "v1", ["metadata"] = new JsonObject(), ["status"] = "Success", ["code"] = 201 },
            cancellationToken);
    }

    /// <summary>A pod that is not running, or already being deleted, is evicted without asking any budget.</summary>
    private static bool IgnoresBudgets(JsonObject pod) =>
        (string?)pod["status"]?["phase"] is "Succeeded" or "Failed" or "Pending" || pod["metadata"]?["deletionTimestamp"] is not null;

    private async Task SpendBudgetAsync(JsonObject pod, bool dryRun, CancellationToken cancellationToken)
    {
        var budgets = table.Find("policy", "v1", "poddisruptionbudgets") ?? throw new InvalidOperationException("policy/v1 is not served");
        var ns = ObjectMetadata.Namespace(pod);
        var labels = ObjectMetadata.Labels(pod);
        var matching = (await objects.ListAsync(budgets, ns, ListOptions.All, cancellationToken))["items"]!.AsArray()
            .Select(item => item!.AsObject())
            .Where(pdb => Selects(pdb, labels))
            .ToList();
        if (matching.Count == 0)
        {
            return;
        }

        if (matching.Count > 1)
        {
            throw new ApiException(500, "InternalError", "This pod has more than one PodDisruptionBudget, which the eviction subresource does not support.");
        }

        var pdb = matching[0];
        var name = ObjectMetadata.Name(pdb);
        var status = pdb["status"] as JsonObject ?? new JsonObject();
        if (((long?)status["observedGeneration"] ?? 0) < ((long?)pdb["metadata"]?["generation"] ?? 0))
        {
            throw TooManyRequests($"The disruption budget {name} is still being processed by the server.");
        }

        var desiredHealthy = (long?)status["desiredHealthy"] ?? 0;
        var currentHealthy = (long?)status["currentHealthy"] ?? 0;
        if (!IsReady(pod))
        {
            // An unready pod does not count towards the budget: evicting it costs nothing when the budget is healthy
            // (IfHealthyBudget, the default), or always (AlwaysAllow).
            var policy = (string?)pdb["spec"]?["unhealthyPodEvictionPolicy"] ?? "IfHealthyBudget";
            if (policy == "AlwaysAllow" || (currentHealthy >= desiredHealthy && desiredHealthy > 0))
            {
                return;
            }
        }

        var allowed = (long?)status["disruptionsAllowed"] ?? 0;
        var disrupted = status["disruptedPods"] as JsonObject ?? new JsonObject();
        if (allowed < 0)
        {
            throw ApiException.Forbidden("pdb disruptions allowed is negative", "policy", "poddisruptionbudgets", name);
        }

        if (disrupted.Count > MaxDisruptedPods)
        {
            throw ApiException.Forbidden("DisruptedPods map too big - too many evictions not confirmed by PDB controller", "policy", "poddisruptionbudgets", name);
        }

        if (allowed == 0)
        {
            throw TooManyRequests($"The disruption budget {name} needs {desiredHealthy} healthy pods and has {currentHealthy} currently");
        }

        if (dryRun)
        {
            return;
        }

        var spent = (JsonObject)pdb.DeepClone();
        var spentStatus = spent["status"] as JsonObject ?? new JsonObject();
        spent["status"] = spentStatus;
        spentStatus["disruptionsAllowed"] = allowed - 1;
        var pods = spentStatus["disruptedPods"] as JsonObject ?? new JsonObject();
        spentStatus["disruptedPods"] = pods;
        pods[ObjectMetadata.Name(pod)] = ObjectMetadata.Timestamp(time.GetUtcNow());
        // The resourceVersion read above guards the write: a concurrent eviction makes this one judge again.
        await objects.UpdateAsync(budgets, ns, name, "status", spent, new WriteOptions(false, Schema.Validation.FieldValidation.Ignore), cancellationToken);
    }

    /// <summary>Eviction picks PDBs as kube-apiserver does: a missing or empty selector selects nothing.</summary>
    private static bool Selects(JsonObject pdb, IReadOnlyDictionary<string, string> labels)
    {
        try
        {
            return LabelSelector.FromObject(pdb["spec"]?["selector"]) is { IsEmpty: false } selector && selector.Matches(labels);
        }
        catch (FormatException)
        {
            return false;
        }
    }

    private static bool IsReady(JsonObject pod) =>
        (pod["status"]?["conditions"] as JsonArray ?? []).Any(c => (string?)c?["type"] == "Ready" && (string?)c?["status"] == "True");

    private static ApiException TooManyRequests(string cause) => new(429, "TooManyRequests", Violation, new JsonObject
    {
        ["causes"] = new JsonArray(new JsonObject { ["reason"] = "DisruptionBudget", ["message"] = cause }),
        ["retryAfterSeconds"] = 0,
    });

    private static DeleteOptions DeleteOptionsOf(JsonNode? options, IQueryCollection query)
    {
        long? grace = (long?)options?["gracePeriodSeconds"];
        return new DeleteOptions(
            QueryOptions.DryRun(query) || options?["dryRun"] is JsonArray { Count: > 0 },
            (string?)options?["propagationPolicy"],
            (string?)options?["preconditions"]?["resourceVersion"],
            (string?)options?["preconditions"]?["uid"],
            grace);
    }
}
