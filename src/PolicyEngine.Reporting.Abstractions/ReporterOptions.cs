using System.Globalization;

namespace PolicyEngine.Reporting;

/// <summary>One reporter's options from the configuration: a string-to-string map with typed, checked accessors.</summary>
public sealed class ReporterOptions
{
    public static readonly ReporterOptions Empty = new(new Dictionary<string, string>());

    private readonly IReadOnlyDictionary<string, string> _values;

    public ReporterOptions(IReadOnlyDictionary<string, string> values) =>
        _values = new Dictionary<string, string>(values, StringComparer.OrdinalIgnoreCase);

    public IReadOnlyDictionary<string, string> Values => _values;

    public string? Get(string name) => _values.TryGetValue(name, out var value) && value.Length > 0 ? value : null;

    public string Get(string name, string fallback) => Get(name) ?? fallback;

    public bool GetBool(string name, bool fallback) => Get(name) switch
    {
        null => fallback,
        var text when bool.TryParse(text, out var value) => value,
        var text => throw new ReporterException($"option '{name}' must be true or false, not '{text}'"),
    };

    public int GetInt(string name, int fallback, int min, int max) => Get(name) switch
    {
        null => fallback,
        var text when int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max => value,
        var text => throw new ReporterException($"option '{name}' must be a whole number from {min} to {max}, not '{text}'"),
    };
}

/// <summary>A reporter that cannot be found, loaded or configured; the message is meant for the user.</summary>
public sealed class ReporterException(string message, Exception? inner = null) : Exception(message, inner);
