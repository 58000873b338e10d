using System.Globalization;
using System.Text;

namespace Ivyo.Schema.Validation;

/// <summary>
/// A path to a field, printed as Kubernetes' field.Path prints it: children joined by dots, indexes and map keys
/// in brackets, and "&lt;nil&gt;" for the root (the path of errors about the whole object).
/// </summary>
public sealed class FieldPath
{
    private readonly FieldPath? _parent;
    private readonly string? _name;
    private readonly string? _index;

    private FieldPath(FieldPath? parent, string? name, string? index)
    {
        _parent = parent;
        _name = name;
        _index = index;
    }

    /// <summary>The root of an object (Go's nil *field.Path).</summary>
    public static FieldPath Root { get; } = new(null, null, null);

    public bool IsRoot => _name is null && _index is null;

    public FieldPath Child(string name) => new(IsRoot ? null : this, name, null);

    public FieldPath Index(int index) => new(IsRoot ? null : this, null, index.ToString(CultureInfo.InvariantCulture));

    public FieldPath Key(string key) => new(IsRoot ? null : this, null, key);

    /// <summary>Parses a dotted path with [index] parts, such as <c>spec.instances[0].name</c>.</summary>
    public static FieldPath Parse(string path)
    {
        var result = Root;
        foreach (var part in path.Split('.', StringSplitOptions.RemoveEmptyEntries))
        {
            var bracket = part.IndexOf('[', StringComparison.Ordinal);
            var name = bracket >= 0 ? part[..bracket] : part;
            if (name.Length > 0)
            {
                result = result.Child(name);
            }

            while (bracket >= 0)
            {
                var close = part.IndexOf(']', bracket);
                var inner = part[(bracket + 1)..close];
                result = int.TryParse(inner, NumberStyles.None, CultureInfo.InvariantCulture, out var i) ? result.Index(i) : result.Key(inner);
                bracket = part.IndexOf('[', close);
            }
        }

        return result;
    }

    public override string ToString()
    {
        if (IsRoot)
        {
            return "<nil>";
        }

        var elements = new List<FieldPath>();
        for (var p = this; p is not null; p = p._parent)
        {
            elements.Add(p);
        }

        var builder = new StringBuilder();
        for (var i = elements.Count - 1; i >= 0; i--)
        {
            var p = elements[i];
            if (p._name is not null)
            {
                if (p._parent is not null)
                {
                    builder.Append('.');
                }

                builder.Append(p._name);
            }
            else
            {
                builder.Append('[').Append(p._index).Append(']');
            }
        }

        return builder.ToString();
    }

    /// <summary>The path as the OpenAPI validator names it inside messages ("spec.port"; empty for the root).</summary>
    internal string OpenApiName => IsRoot ? string.Empty : ToString();
}
