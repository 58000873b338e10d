using System.Text;

namespace Ivyo.Schema.Cel;

/// <summary>
/// Escapes property names for CEL as Kubernetes does (k8s.io/apiserver/pkg/cel/escaping.go): reserved words
/// become <c>__word__</c>, and "__", ".", "-" and "/" become <c>__underscores__</c>, <c>__dot__</c>,
/// <c>__dash__</c> and <c>__slash__</c>. Names with other characters, or starting with a digit, are not accessible.
/// </summary>
internal static class CelPropertyNames
{
    private static readonly HashSet<string> Reserved = new(StringComparer.Ordinal)
    {
        "true", "false", "null", "in", "as", "break", "const", "continue", "else", "for", "function", "if",
        "import", "let", "loop", "package", "namespace", "return", "var", "void", "while",
    };

    public static bool TryEscape(string name, out string escaped)
    {
        escaped = string.Empty;
        if (name.Length == 0 || char.IsAsciiDigit(name[0]))
        {
            return false;
        }

        if (Reserved.Contains(name))
        {
            escaped = "__" + name + "__";
            return true;
        }

        var builder = new StringBuilder(name.Length);
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (c == '_' && i + 1 < name.Length && name[i + 1] == '_')
            {
                builder.Append("__underscores__");
                i++;
            }
            else if (c == '.')
            {
                builder.Append("__dot__");
            }
            else if (c == '-')
            {
                builder.Append("__dash__");
            }
            else if (c == '/')
            {
                builder.Append("__slash__");
            }
            else if (char.IsAsciiLetterOrDigit(c) || c == '_')
            {
                builder.Append(c);
            }
            else
            {
                return false;
            }
        }

        escaped = builder.ToString();
        return true;
    }
}
