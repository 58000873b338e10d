using k8s.Models;

namespace Ivyo.LocalCluster.Controllers.Common;

/// <summary>Label selector matching, as apimachinery's <c>metav1.LabelSelectorAsSelector</c> followed by <c>Matches</c>.</summary>
internal static class LabelSelectors
{
    /// <summary>
    /// Whether <paramref name="labels"/> satisfy <paramref name="selector"/>. A null selector matches nothing and an
    /// empty one everything, as for controllers' <c>spec.selector</c>.
    /// </summary>
    public static bool Matches(V1LabelSelector? selector, IDictionary<string, string>? labels)
    {
        if (selector is null)
        {
            return false;
        }

        labels ??= new Dictionary<string, string>();
        foreach (var (key, value) in selector.MatchLabels ?? new Dictionary<string, string>())
        {
            if (!labels.TryGetValue(key, out var actual) || actual != value)
            {
                return false;
            }
        }

        foreach (var requirement in selector.MatchExpressions ?? [])
        {
            var has = labels.TryGetValue(requirement.Key, out var actual);
            var values = requirement.Values ?? [];
            var ok = requirement.OperatorProperty switch
            {
                "In" => has && values.Contains(actual!),
                "NotIn" => !has || !values.Contains(actual!),
                "Exists" => has,
                "DoesNotExist" => !has,
                _ => false,
            };
            if (!ok)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Whether a map selector (a Service's <c>spec.selector</c>) matches: every pair present; an empty map matches everything.</summary>
    public static bool Matches(IDictionary<string, string> selector, IDictionary<string, string>? labels)
    {
        ArgumentNullException.ThrowIfNull(selector);
        return selector.All(pair => labels is not null && labels.TryGetValue(pair.Key, out var value) && value == pair.Value);
    }
}
