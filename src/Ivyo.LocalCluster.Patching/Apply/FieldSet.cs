using System.Text.Json.Nodes;

namespace Ivyo.LocalCluster.Patching.Apply;

/// <summary>
/// A set of field paths stored as a trie, the structured-merge-diff <c>fieldpath.Set</c>. Each node is reached by a
/// path element (see <see cref="PathElements"/>) and is a member of the set itself (FieldsV1 <c>.</c>, or an empty
/// object for a leaf) or only leads to members. The operations return new sets; a set is never changed once built.
/// </summary>
public sealed class FieldSet
{
    private readonly SortedDictionary<string, FieldSet> _children = new(PathElementComparer.Instance);

    private FieldSet()
    {
    }

    /// <summary>A new empty set.</summary>
    public static FieldSet Empty => new();

    /// <summary>Whether the node itself belongs to the set.</summary>
    public bool IsMember { get; private set; }

    /// <summary>Whether no path belongs to the set.</summary>
    public bool IsEmpty => !IsMember && _children.Count == 0;

    /// <summary>The child nodes by path element, in serialization order.</summary>
    public IEnumerable<KeyValuePair<string, FieldSet>> Children => _children;

    /// <summary>The set of the given member paths.</summary>
    public static FieldSet FromPaths(IEnumerable<IReadOnlyList<string>> paths)
    {
        ArgumentNullException.ThrowIfNull(paths);
        var set = new FieldSet();
        foreach (var path in paths)
        {
            set.Insert(path);
        }

        return set;
    }

    /// <summary>Decodes a FieldsV1 object; elements are canonicalized, unknown ones kept as written.</summary>
    public static FieldSet FromFieldsV1(JsonObject? fields)
    {
        var set = new FieldSet();
        if (fields is not null)
        {
            set.Read(fields);
        }

        return set;
    }

    /// <summary>The child reached by <paramref name="element"/>, or null.</summary>
    public FieldSet? Child(string element) => _children.GetValueOrDefault(element);

    /// <summary>Whether the member path <paramref name="path"/> belongs to the set.</summary>
    public bool Contains(IReadOnlyList<string> path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var node = this;
        foreach (var element in path)
        {
            node = node.Child(element);
            if (node is null)
            {
                return false;
            }
        }

        return node.IsMember;
    }

    /// <summary>The member paths in serialization order (a node before its children).</summary>
    public IEnumerable<IReadOnlyList<string>> Paths()
    {
        var result = new List<IReadOnlyList<string>>();
        Collect([], result);
        return result;
    }

    /// <summary>
    /// Encodes the set as FieldsV1 in the order the API server writes it: <c>.</c> first for a member that has
    /// children, then the children sorted (fields, keys, values, indices).
    /// </summary>
    public JsonObject ToFieldsV1() => Encode(includeSelf: false);

    public FieldSet Union(FieldSet other)
    {
        ArgumentNullException.ThrowIfNull(other);
        var result = Clone();
        result.IsMember |= other.IsMember;
        foreach (var (element, child) in other._children)
        {
            result._children[element] = result._children.TryGetValue(element, out var mine) ? mine.Union(child) : child.Clone();
        }

        return result;
    }

    public FieldSet Intersect(FieldSet other)
    {
        ArgumentNullException.ThrowIfNull(other);
        var result = new FieldSet { IsMember = IsMember && other.IsMember };
        foreach (var (element, child) in _children)
        {
            if (other._children.TryGetValue(element, out var theirs))
            {
                var common = child.Intersect(theirs);
                if (!common.IsEmpty)
                {
                    result._children[element] = common;
                }
            }
        }

        return result;
    }

    public FieldSet Difference(FieldSet other)
    {
        ArgumentNullException.ThrowIfNull(other);
        var result = new FieldSet { IsMember = IsMember && !other.IsMember };
        foreach (var (element, child) in _children)
        {
            var rest = other._children.TryGetValue(element, out var theirs) ? child.Difference(theirs) : child.Clone();
            if (!rest.IsEmpty)
            {
                result._children[element] = rest;
            }
        }

        return result;
    }

    public override string ToString() => ToFieldsV1().ToJsonString();

    /// <summary>
    /// The set with every node reached by a field name (<c>f:</c>) that leads to members made a member itself,
    /// structured-merge-diff's <c>EnsureNamedFieldsAreMembers</c>: owning <c>spec.affinity.podAntiAffinity.x</c>
    /// then means owning <c>spec.affinity</c> and <c>spec.affinity.podAntiAffinity</c> too. Kubernetes does this
    /// for struct fields only; map keys count here as well, which adds only nodes its field sets already have
    /// (<c>ToFieldSet</c> makes every map key a member). List items are left as they are.
    /// </summary>
    public FieldSet WithFieldsAsMembers()
    {
        var result = new FieldSet { IsMember = IsMember };
        foreach (var (element, child) in _children)
        {
            var copy = child.WithFieldsAsMembers();
            copy.IsMember |= child._children.Count > 0 && element.StartsWith("f:", StringComparison.Ordinal);
            result._children[element] = copy;
        }

        return result;
    }

    internal void Insert(IReadOnlyList<string> path)
    {
        var node = this;
        foreach (var element in path)
        {
            if (!node._children.TryGetValue(element, out var child))
            {
                child = new FieldSet();
                node._children[element] = child;
            }

            node = child;
        }

        node.IsMember = true;
    }

    private JsonObject Encode(bool includeSelf)
    {
        var fields = new JsonObject();
        if (includeSelf && IsMember && _children.Count > 0)
        {
            fields["."] = new JsonObject();
        }

        foreach (var (element, child) in _children)
        {
            fields[element] = child.Encode(includeSelf: true);
        }

        return fields;
    }

    private FieldSet Clone()
    {
        var copy = new FieldSet { IsMember = IsMember };
        foreach (var (element, child) in _children)
        {
            copy._children[element] = child.Clone();
        }

        return copy;
    }

    private void Read(JsonObject fields)
    {
        foreach (var (key, value) in fields)
        {
            if (key == ".")
            {
                IsMember = true;
                continue;
            }

            var element = PathElements.Canonical(key);
            if (!_children.TryGetValue(element, out var child))
            {
                child = new FieldSet();
                _children[element] = child;
            }

            if (value is JsonObject nested && nested.Count > 0)
            {
                child.Read(nested);
            }
            else
            {
                child.IsMember = true;
            }
        }
    }

    private void Collect(List<string> prefix, List<IReadOnlyList<string>> result)
    {
        if (IsMember && prefix.Count > 0)
        {
            result.Add([.. prefix]);
        }

        foreach (var (element, child) in _children)
        {
            prefix.Add(element);
            child.Collect(prefix, result);
            prefix.RemoveAt(prefix.Count - 1);
        }
    }
}
