using System.Collections;

namespace Ivyo.Schema.Generation;

/// <summary>Recognizes the collection shapes of CLR types.</summary>
internal static class TypeShapes
{
    /// <summary>The value type of a dictionary with string keys (IDictionary, IReadOnlyDictionary, Dictionary, ...).</summary>
    public static Type? DictionaryValueType(Type type)
    {
        foreach (var candidate in SelfAndInterfaces(type))
        {
            if (candidate.IsGenericType)
            {
                var definition = candidate.GetGenericTypeDefinition();
                if ((definition == typeof(IDictionary<,>) || definition == typeof(IReadOnlyDictionary<,>))
                    && candidate.GetGenericArguments()[0] == typeof(string))
                {
                    return candidate.GetGenericArguments()[1];
                }
            }
        }

        return null;
    }

    /// <summary>The element type of an array or IEnumerable&lt;T&gt; (strings excluded).</summary>
    public static Type? ElementType(Type type)
    {
        if (type == typeof(string))
        {
            return null;
        }

        if (type.IsArray)
        {
            return type.GetElementType();
        }

        foreach (var candidate in SelfAndInterfaces(type))
        {
            if (candidate.IsGenericType && candidate.GetGenericTypeDefinition() == typeof(IEnumerable<>))
            {
                return candidate.GetGenericArguments()[0];
            }
        }

        return typeof(IEnumerable).IsAssignableFrom(type) ? typeof(object) : null;
    }

    private static IEnumerable<Type> SelfAndInterfaces(Type type) => type.IsInterface ? [type, .. type.GetInterfaces()] : type.GetInterfaces();
}
