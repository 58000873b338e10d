using System.Text;

namespace Ivyo.Operator.PgBackRest;

/// <summary>
/// A pgBackRest configuration file as ivory-operator writes it: the <c>global</c> and <c>global:*</c> sections first,
/// then the stanzas, each sorted by name; options sorted by key (ordinal); <c>key = value</c>, or <c>key =</c> when the
/// value is empty. Sorting makes the file, and so its hash, stable.
/// </summary>
internal sealed class IniDocument
{
    private readonly SortedDictionary<string, SortedDictionary<string, List<string>>> _sections = new(StringComparer.Ordinal);

    /// <summary>Replaces the values of <paramref name="key"/>.</summary>
    public void Set(string section, string key, string value) => Section(section)[key] = [value];

    /// <summary>Adds a value to <paramref name="key"/>, for options pgBackRest accepts more than once.</summary>
    public void Add(string section, string key, string value)
    {
        var options = Section(section);
        if (!options.TryGetValue(key, out var values))
        {
            options[key] = values = [];
        }

        values.Add(value);
    }

    public override string ToString()
    {
        var builder = new StringBuilder();
        foreach (var (name, options) in _sections.Where(s => IsGlobal(s.Key)).Concat(_sections.Where(s => !IsGlobal(s.Key))))
        {
            builder.Append("\n[").Append(name).Append("]\n");
            foreach (var (key, values) in options)
            {
                foreach (var value in values)
                {
                    builder.Append(key).Append(value.Length == 0 ? " =" : " = " + value).Append('\n');
                }
            }
        }

        return builder.ToString();
    }

    private static bool IsGlobal(string section) => section == "global" || section.StartsWith("global:", StringComparison.Ordinal);

    private SortedDictionary<string, List<string>> Section(string name)
    {
        if (!_sections.TryGetValue(name, out var options))
        {
            _sections[name] = options = new SortedDictionary<string, List<string>>(StringComparer.Ordinal);
        }

        return options;
    }
}
