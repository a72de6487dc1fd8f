namespace PolicyEngine.Cli;

/// <summary>The process exit codes, documented in the README and in --help.</summary>
public static class ExitCodes
{
    /// <summary>The exit code of a run's outcome.</summary>
    public static int Of(PolicyEngine.Pipeline.RunOutcome outcome) => outcome switch
    {
        PolicyEngine.Pipeline.RunOutcome.Success => Success,
        PolicyEngine.Pipeline.RunOutcome.Failures => Failures,
        PolicyEngine.Pipeline.RunOutcome.Incomplete => Incomplete,
        _ => BadInput,
    };

    /// <summary>Nothing failed at the configured threshold.</summary>
    public const int Success = 0;

    /// <summary>At least one result failed at or above the threshold (or a rule test failed).</summary>
    public const int Failures = 1;

    /// <summary>Bad input: rules, configuration, snapshot or arguments. Nothing was evaluated.</summary>
    public const int BadInput = 2;

    /// <summary>Collection or publishing was incomplete: some facts could not be collected or some findings not delivered.</summary>
    public const int Incomplete = 3;

    /// <summary>`rules test --coverage-threshold N`: every case passed, but the rules' conditions were exercised below N percent.</summary>
    public const int CoverageBelowThreshold = 4;

    /// <summary>An unexpected internal error (a defect): reported in one line; files are written atomically, so none is half-written.</summary>
    public const int InternalError = 70;

    public const string HelpText =
        "Exit codes: 0 nothing failing at the threshold; 1 failing results; 2 bad input (rules, configuration, snapshot, arguments, AWS settings); 3 collection or publishing incomplete; 4 rule test coverage below --coverage-threshold.";
}

/// <summary>Thrown for input the user must fix; the CLI prints the message (never a stack trace) and exits with 2.</summary>
public sealed class UsageException(string message) : Exception(message);
