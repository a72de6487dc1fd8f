using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace PolicyEngine.Rules.Helpers;

/// <summary>
/// Reads CloudWatch Logs metric filter patterns for JSON log events, as CloudTrail delivers them: does a filter select
/// the root user's console sign-ins, its API calls, both? The pattern is parsed (quoted and unquoted values, any
/// spacing, parentheses, &amp;&amp;, ||, =, !=, &lt;, &gt;, NOT EXISTS, IS NULL, IS TRUE/FALSE, wildcards, %regex%)
/// and run against CloudTrail records of root and of other identities: a filter selects root activity of a kind when
/// it matches every root record of that kind and none of the same records made by another identity. So the public CIS
/// filter passes however it is spelt, and a filter on eventName alone, or on type != Root, does not.
/// </summary>
public static class LogFilters
{
    /// <summary>True when the filter matches root's console sign-ins and root's API calls, and only root's.</summary>
    public static bool SelectsRootActivity(string? filterPattern) => SeesRootSignIns(filterPattern) && SeesRootApiCalls(filterPattern);

    /// <summary>True when the filter matches root's console sign-ins (and not other identities' sign-ins).</summary>
    public static bool SeesRootSignIns(string? filterPattern) => Selects(filterPattern, CloudTrailSamples.SignIns);

    /// <summary>True when the filter matches root's API calls in any region (and not other identities' calls).</summary>
    public static bool SeesRootApiCalls(string? filterPattern) => Selects(filterPattern, CloudTrailSamples.ApiCalls);

    /// <summary>Kept for rule files written before the parser: the same as <see cref="SelectsRootActivity"/>.</summary>
    public static bool MatchesRootUsage(string? filterPattern) => SelectsRootActivity(filterPattern);

    /// <summary>Parses a JSON filter pattern; null when it is not one (a term or space-delimited pattern, or malformed).</summary>
    public static FilterExpression? Parse(string? filterPattern)
    {
        if (string.IsNullOrWhiteSpace(filterPattern)) return null;
        try
        {
            return new FilterParser(filterPattern).ParsePattern();
        }
        catch (FormatException)
        {
            return null;
        }
    }

    private static bool Selects(string? filterPattern, IReadOnlyList<JsonObject> rootRecords)
    {
        if (Parse(filterPattern) is not { } filter) return false;
        return rootRecords.All(filter.Matches)
            && rootRecords.SelectMany(CloudTrailSamples.AsOtherIdentities).All(record => !filter.Matches(record));
    }
}

/// <summary>A parsed JSON filter pattern, evaluated against one log event.</summary>
public abstract record FilterExpression
{
    public abstract bool Matches(JsonObject record);
}

internal sealed record AndExpression(FilterExpression Left, FilterExpression Right) : FilterExpression
{
    public override bool Matches(JsonObject record) => Left.Matches(record) && Right.Matches(record);
}

internal sealed record OrExpression(FilterExpression Left, FilterExpression Right) : FilterExpression
{
    public override bool Matches(JsonObject record) => Left.Matches(record) || Right.Matches(record);
}

internal enum Test
{
    Equal, NotEqual, Less, Greater, LessOrEqual, GreaterOrEqual, NotExists, Exists, IsNull, IsTrue, IsFalse,
}

/// <summary>One comparison: a selector such as $.userIdentity.type, a test and, for comparisons, a value.</summary>
internal sealed record Comparison(IReadOnlyList<object> Path, Test Test, string? Value, bool Quoted) : FilterExpression
{
    private static readonly TimeSpan RegexTimeout = TimeSpan.FromMilliseconds(100);

    public override bool Matches(JsonObject record)
    {
        var found = Resolve(record, out var node);
        switch (Test)
        {
            case Test.NotExists: return !found;
            case Test.Exists: return found;
            case Test.IsNull: return found && node is null;
            case Test.IsTrue: return node is JsonValue t && t.TryGetValue<bool>(out var bt) && bt;
            case Test.IsFalse: return node is JsonValue f && f.TryGetValue<bool>(out var bf) && !bf;
        }
        // A comparison with a property the event lacks (or that is an object or array) does not match, "!=" included.
        if (!found || node is not JsonValue value) return false;
        if (Test is Test.Equal or Test.NotEqual)
        {
            var equal = EqualTo(value);
            return Test == Test.Equal ? equal : !equal;
        }
        if (!value.TryGetValue<double>(out var number)
            || !double.TryParse(Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var limit))
            return false;
        return Test switch
        {
            Test.Less => number < limit,
            Test.Greater => number > limit,
            Test.LessOrEqual => number <= limit,
            _ => number >= limit,
        };
    }

    private bool EqualTo(JsonValue value)
    {
        var expected = Value ?? "";
        if (value.TryGetValue<double>(out var number))
            return !Quoted && double.TryParse(expected, NumberStyles.Float, CultureInfo.InvariantCulture, out var n) && n == number;
        if (value.TryGetValue<bool>(out var flag)) return !Quoted && expected == (flag ? "true" : "false");
        if (!value.TryGetValue<string>(out var text)) return false;
        if (expected.Length >= 2 && expected[0] == '%' && expected[^1] == '%')
            return Regex.IsMatch(text, expected[1..^1], RegexOptions.CultureInvariant, RegexTimeout);
        if (expected.Contains('*'))
            return Regex.IsMatch(text, "^" + Regex.Escape(expected).Replace(@"\*", ".*") + "$", RegexOptions.CultureInvariant | RegexOptions.Singleline, RegexTimeout);
        return text == expected;
    }

    private bool Resolve(JsonObject record, out JsonNode? node)
    {
        node = record;
        foreach (var step in Path)
        {
            switch (step)
            {
                case string name when node is JsonObject obj && obj.TryGetPropertyValue(name, out var child):
                    node = child;
                    break;
                case int index when node is JsonArray array && index < array.Count:
                    node = array[index];
                    break;
                default:
                    node = null;
                    return false;
            }
        }
        return true;
    }
}

/// <summary>A recursive-descent parser of the JSON filter-pattern grammar; throws FormatException on anything else.</summary>
internal sealed class FilterParser(string text)
{
    private int _at;

    public FilterExpression ParsePattern()
    {
        SkipSpace();
        Expect('{');
        var expression = ParseOr();
        SkipSpace();
        Expect('}');
        SkipSpace();
        if (_at != text.Length) throw new FormatException("text after the closing brace");
        return expression;
    }

    private FilterExpression ParseOr()
    {
        var left = ParseAnd();
        while (TryTake("||")) left = new OrExpression(left, ParseAnd());
        return left;
    }

    private FilterExpression ParseAnd()
    {
        var left = ParseUnary();
        while (TryTake("&&")) left = new AndExpression(left, ParseUnary());
        return left;
    }

    private FilterExpression ParseUnary()
    {
        if (TryTake("("))
        {
            var inner = ParseOr();
            SkipSpace();
            Expect(')');
            return inner;
        }
        return ParseComparison();
    }

    private FilterExpression ParseComparison()
    {
        var path = ParseSelector();
        if (TryWord("NOT"))
        {
            if (!TryWord("EXISTS")) throw new FormatException("NOT must be followed by EXISTS");
            return new Comparison(path, Test.NotExists, null, false);
        }
        if (TryWord("EXISTS")) return new Comparison(path, Test.Exists, null, false);
        if (TryWord("IS"))
        {
            if (TryWord("NULL")) return new Comparison(path, Test.IsNull, null, false);
            if (TryWord("TRUE")) return new Comparison(path, Test.IsTrue, null, false);
            if (TryWord("FALSE")) return new Comparison(path, Test.IsFalse, null, false);
            throw new FormatException("IS must be followed by NULL, TRUE or FALSE");
        }
        var test = TryTake("!=") ? Test.NotEqual
            : TryTake("<=") ? Test.LessOrEqual
            : TryTake(">=") ? Test.GreaterOrEqual
            : TryTake("=") ? Test.Equal
            : TryTake("<") ? Test.Less
            : TryTake(">") ? Test.Greater
            : throw new FormatException("expected a comparison");
        var (value, quoted) = ParseValue();
        return new Comparison(path, test, value, quoted);
    }

    private List<object> ParseSelector()
    {
        SkipSpace();
        Expect('$');
        var path = new List<object>();
        while (_at < text.Length)
        {
            if (text[_at] == '.')
            {
                _at++;
                var start = _at;
                while (_at < text.Length && (char.IsLetterOrDigit(text[_at]) || text[_at] is '_' or '-' or '@' or ':')) _at++;
                if (_at == start) throw new FormatException("empty property name");
                path.Add(text[start.._at]);
            }
            else if (text[_at] == '[')
            {
                var close = text.IndexOf(']', _at);
                if (close < 0 || !int.TryParse(text[(_at + 1)..close], NumberStyles.None, CultureInfo.InvariantCulture, out var index))
                    throw new FormatException("bad array index");
                path.Add(index);
                _at = close + 1;
            }
            else break;
        }
        if (path.Count == 0) throw new FormatException("a selector names a property");
        return path;
    }

    private (string Value, bool Quoted) ParseValue()
    {
        SkipSpace();
        if (_at < text.Length && text[_at] == '"')
        {
            var value = new System.Text.StringBuilder();
            _at++;
            while (_at < text.Length && text[_at] != '"')
            {
                if (text[_at] == '\\' && _at + 1 < text.Length) _at++;
                value.Append(text[_at++]);
            }
            Expect('"');
            return (value.ToString(), true);
        }
        if (_at < text.Length && text[_at] == '%')
        {
            var close = text.IndexOf('%', _at + 1);
            if (close < 0) throw new FormatException("unterminated regular expression");
            var regex = text[_at..(close + 1)];
            _at = close + 1;
            return (regex, false);
        }
        var start = _at;
        while (_at < text.Length && !char.IsWhiteSpace(text[_at]) && text[_at] is not (')' or '}' or '&' or '|')) _at++;
        if (_at == start) throw new FormatException("expected a value");
        return (text[start.._at], false);
    }

    private void SkipSpace()
    {
        while (_at < text.Length && char.IsWhiteSpace(text[_at])) _at++;
    }

    private void Expect(char c)
    {
        if (_at >= text.Length || text[_at] != c) throw new FormatException($"expected '{c}'");
        _at++;
    }

    private bool TryTake(string token)
    {
        SkipSpace();
        if (string.CompareOrdinal(text, _at, token, 0, token.Length) != 0) return false;
        _at += token.Length;
        return true;
    }

    /// <summary>A keyword (NOT, EXISTS, IS, NULL, TRUE, FALSE), case-insensitive, as a whole word.</summary>
    private bool TryWord(string word)
    {
        SkipSpace();
        if (_at + word.Length > text.Length || string.Compare(text, _at, word, 0, word.Length, StringComparison.OrdinalIgnoreCase) != 0) return false;
        var end = _at + word.Length;
        if (end < text.Length && char.IsLetterOrDigit(text[end])) return false;
        _at = end;
        return true;
    }
}

/// <summary>
/// CloudTrail records of the root user, as a trail delivers them to CloudWatch Logs (the fields filters test), and the
/// same records made by other identities. Sign-ins are ConsoleLogin records; API calls are a write to a global service
/// (IAM, seen in us-east-1) and a read in another region.
/// </summary>
internal static class CloudTrailSamples
{
    private const string Account = "111111111111";

    public static readonly IReadOnlyList<JsonObject> SignIns =
    [
        Record("signin.amazonaws.com", "ConsoleLogin", "AwsConsoleSignIn", "us-east-1", readOnly: null,
            extra: r => { r["responseElements"] = new JsonObject { ["ConsoleLogin"] = "Success" }; r["additionalEventData"] = new JsonObject { ["MFAUsed"] = "Yes" }; }),
    ];

    public static readonly IReadOnlyList<JsonObject> ApiCalls =
    [
        Record("iam.amazonaws.com", "CreateAccessKey", "AwsApiCall", "us-east-1", readOnly: false),
        Record("ec2.amazonaws.com", "DescribeInstances", "AwsApiCall", "eu-west-1", readOnly: true),
    ];

    private static readonly string[] OtherTypes = ["IAMUser", "AssumedRole", "FederatedUser", "AWSService"];

    /// <summary>The same record as made by each identity type other than root.</summary>
    public static IEnumerable<JsonObject> AsOtherIdentities(JsonObject rootRecord) => OtherTypes.Select(type =>
    {
        var copy = (JsonObject)rootRecord.DeepClone();
        var identity = (JsonObject)copy["userIdentity"]!;
        identity["type"] = type;
        identity["arn"] = $"arn:aws:iam::{Account}:user/someone";
        identity["principalId"] = "AIDAEXAMPLE";
        if (type == "AWSService") identity["invokedBy"] = "cloudformation.amazonaws.com";
        return copy;
    });

    private static JsonObject Record(string source, string name, string eventType, string region, bool? readOnly, Action<JsonObject>? extra = null)
    {
        var record = new JsonObject
        {
            ["eventVersion"] = "1.09",
            ["userIdentity"] = new JsonObject
            {
                ["type"] = "Root",
                ["principalId"] = Account,
                ["arn"] = $"arn:aws:iam::{Account}:root",
                ["accountId"] = Account,
            },
            ["eventTime"] = "2026-11-20T10:00:00Z",
            ["eventSource"] = source,
            ["eventName"] = name,
            ["awsRegion"] = region,
            ["sourceIPAddress"] = "198.51.100.7",
            ["userAgent"] = "Mozilla/5.0",
            ["requestParameters"] = null,
            ["responseElements"] = null,
            ["eventID"] = "0f1e2d3c-0000-4000-8000-000000000001",
            ["eventType"] = eventType,
            ["managementEvent"] = true,
            ["recipientAccountId"] = Account,
            ["eventCategory"] = "Management",
        };
        if (readOnly is { } r) record["readOnly"] = r;
        extra?.Invoke(record);
        return record;
    }
}
