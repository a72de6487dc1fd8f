using System.Collections;
using System.Diagnostics.CodeAnalysis;

namespace PolicyEngine.Evaluation;

/// <summary>
/// Facts bound to aliases, as a chain: binding one more alias adds a link, where a dictionary had to be copied for
/// every match and every candidate of a trace (a fifth of what evidence allocated), and every firing a session
/// recorded had one of its own. The latest binding of an alias hides earlier ones, as assigning it in a dictionary
/// did. A few links are searched faster than hashed.
/// </summary>
internal sealed class Bindings : IReadOnlyDictionary<string, object>
{
    public static readonly Bindings Empty = new(null, "", null!);

    private readonly Bindings? _parent; // null only for Empty
    private readonly string _alias;
    private object _value; // changed only by Rebind

    private Bindings(Bindings? parent, string alias, object value)
    {
        _parent = parent;
        _alias = alias;
        _value = value;
    }

    public Bindings With(string alias, object value) => new(this, alias, value);

    /// <summary>
    /// Points this link at another fact: for the one scratch link that tries each candidate fact in turn, which
    /// nothing keeps (a condition's outcome keeps the values it read, never its bindings).
    /// </summary>
    public void Rebind(object value) => _value = value;

    public bool TryGetValue(string key, [MaybeNullWhen(false)] out object value)
    {
        for (var link = this; link._parent is not null; link = link._parent)
        {
            if (!string.Equals(link._alias, key, StringComparison.Ordinal)) continue;
            value = link._value;
            return true;
        }
        value = null;
        return false;
    }

    public object this[string key] => TryGetValue(key, out var value) ? value : throw new KeyNotFoundException($"No fact is bound to '{key}'.");

    public bool ContainsKey(string key) => TryGetValue(key, out _);

    public IEnumerable<string> Keys => this.Select(pair => pair.Key);

    public IEnumerable<object> Values => this.Select(pair => pair.Value);

    public int Count
    {
        get
        {
            var count = 0;
            for (var link = this; link._parent is not null; link = link._parent)
                if (!Hides(link)) count++;
            return count;
        }
    }

    /// <summary>Each alias once, with its latest binding, latest first.</summary>
    public IEnumerator<KeyValuePair<string, object>> GetEnumerator()
    {
        for (var link = this; link._parent is not null; link = link._parent)
            if (!Hides(link)) yield return new KeyValuePair<string, object>(link._alias, link._value);
    }

    /// <summary>Whether a later link binds the same alias as <paramref name="link"/> (a few links: looked through, not hashed).</summary>
    private bool Hides(Bindings link)
    {
        for (var later = this; later != link; later = later._parent!)
            if (string.Equals(later._alias, link._alias, StringComparison.Ordinal)) return true;
        return false;
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
