using System.Globalization;
using Ivyo.LocalCluster.ApiServer.Errors;
using Ivyo.LocalCluster.ApiServer.Objects;
using Ivyo.LocalCluster.ApiServer.Requests;
using Ivyo.Schema.Validation;
using Microsoft.AspNetCore.Http;

namespace Ivyo.LocalCluster.ApiServer.Http;

/// <summary>Query parameters of resource requests, parsed as the API server parses them.</summary>
public static class QueryOptions
{
    public static bool IsWatch(IQueryCollection query) =>
        query.TryGetValue("watch", out var value) && value.ToString().ToLowerInvariant() is not ("false" or "0" or "");

    public static ListOptions List(IQueryCollection query)
    {
        try
        {
            long? limit = query.TryGetValue("limit", out var l) && long.TryParse(l, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : null;
            return new ListOptions(LabelSelector.Parse(query["labelSelector"]), FieldSelector.Parse(query["fieldSelector"]), limit, query["continue"]);
        }
        catch (FormatException e)
        {
            throw ApiException.BadRequest(e.Message);
        }
    }

    public static WriteOptions Write(IQueryCollection query) => new(DryRun(query), FieldValidationOf(query), query["fieldManager"].ToString());

    /// <summary>
    /// The write's field manager: <c>fieldManager</c>, else the User-Agent up to its first <c>/</c>, as
    /// kube-apiserver derives it (<c>Patroni/3.0.2 ...</c> becomes <c>Patroni</c>).
    /// </summary>
    public static WriteOptions Write(HttpRequest request)
    {
        var options = Write(request.Query);
        if (string.IsNullOrEmpty(options.FieldManager))
        {
            var agent = request.Headers.UserAgent.ToString();
            var slash = agent.IndexOf('/', StringComparison.Ordinal);
            options = options with { FieldManager = (slash > 0 ? agent[..slash] : agent) is { Length: > 0 } prefix ? prefix : "unknown" };
        }

        return options;
    }

    public static bool DryRun(IQueryCollection query)
    {
        var dryRun = query["dryRun"].ToString();
        return dryRun switch
        {
            "" => false,
            "All" => true,
            _ => throw ApiException.BadRequest($"Unsupported value: \"{dryRun}\": supported values: \"All\""),
        };
    }

    /// <summary>
    /// <c>fieldValidation</c>: Strict, Warn (the default for requests that name none, as kube-apiserver 1.27+) or Ignore.
    /// </summary>
    public static FieldValidation FieldValidationOf(IQueryCollection query) => query["fieldValidation"].ToString() switch
    {
        "" or "Warn" => FieldValidation.Warn,
        "Strict" => FieldValidation.Strict,
        "Ignore" => FieldValidation.Ignore,
        var other => throw ApiException.BadRequest($"fieldValidation: Unsupported value: \"{other}\": supported values: \"Ignore\", \"Strict\", \"Warn\""),
    };

    public static bool WantsTable(HttpRequest request) =>
        request.Headers.Accept.ToString().Contains("as=Table", StringComparison.Ordinal);
}
