namespace PolicyEngine.Rules;

/// <summary>
/// The kinds a rule parameter can have (true or false, a number, text, a list of text) and whether a value given
/// from outside the rule file (configuration, a rule test case) fits its default. The compiler applies only
/// values that fit, so a mistyped value never reaches a rule's expressions; whoever gave the value reports it at
/// its own place (PE2004 at the configuration's line and column).
/// </summary>
public static class ParameterKinds
{
    public static bool Fits(object? defaultValue, object value) =>
        defaultValue is null || KindName(defaultValue) == KindName(value) || (defaultValue is double && value is int);

    public static string KindName(object value) => value switch
    {
        bool => "true or false",
        int or double => "a number",
        string => "text",
        IEnumerable<string> => "a list of text",
        _ => "text",
    };
}
