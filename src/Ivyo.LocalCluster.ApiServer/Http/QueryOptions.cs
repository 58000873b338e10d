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

    public static WriteOptions Write(IQueryCollection query) => new(DryRun(query), FieldValidationOf(query));

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
