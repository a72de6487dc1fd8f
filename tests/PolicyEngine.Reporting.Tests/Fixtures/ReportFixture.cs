using PolicyEngine.Core.Frameworks;
using PolicyEngine.Core.Rules;
using PolicyEngine.Rules.Frameworks;

namespace PolicyEngine.Reporting.Tests.Fixtures;

/// <summary>
/// A run that looks like a real one: nine rules over seven recommendations, a management account and three
/// members, every status, evidence, an unknown with its reason, a suppression with owner and expiry, an override.
/// Time and version are fixed so snapshots are stable.
/// </summary>
public static class ReportFixture
{
    public const string Management = "111111111111";
    public const string Audit = "222222222222";
    public const string Workloads = "333333333333";
    public const string Sandbox = "444444444444";
    public static readonly DateTimeOffset EvaluatedAt = new(2026, 11, 20, 2, 30, 0, TimeSpan.Zero);

    /// <summary>The shipped frameworks, as a compiled rule pack carries them.</summary>
    public static readonly FrameworkCatalog Frameworks = FrameworkLoader.Shipped.Catalog;

    public static readonly IReadOnlyList<RuleDescriptor> Rules =
    [
        Rule("MA0101", "Management account root user was used recently", Severity.High, "orgs_best-practices_mgmt-acct", "Account",
            [("aws-iam-root-user@2026-11", "ru-bp-secure"), ("cis-aws-foundations@3.0.0", "1.7")]),
        Rule("MA0201", "Management account runs workloads", Severity.High, "best-practices_mgmt-use", "Account",
            [("aws-mgmt-account@v2", "bp_mgmt-acct_use-mgmt"), ("aws-mgmt-account@v2", "bp_mgmt-acct_avoid-deploying"), ("cis-aws-foundations@7.0.0", "2.1.3")]),
        Rule("MA0301", "Root email address is a personal mailbox", Severity.Medium, "best-practices_mgmt-acct_email-address", "Account", []),
        Rule("MA0302", "Root password was changed recently", Severity.Low, "best-practices_mgmt-acct_complex-password", "RootCredential", []),
        Rule("MA0401", "Management account root user has no MFA", Severity.Critical, "best-practices_mgmt-acct_mfa", "RootCredential",
            [("aws-iam-root-user@2026-11", "ru-bp-mfa"), ("aws-securityhub-controls@2026-11", "IAM.9"), ("cis-aws-foundations@3.0.0", "1.5")]),
        Rule("MA0402", "Root user has an access key", Severity.Critical, "best-practices_mgmt-acct_mfa", "RootCredential",
            [("aws-iam-root-user@2026-11", "ru-bp-access"), ("aws-securityhub-controls@2026-11", "IAM.4"), ("cis-aws-foundations@3.0.0", "1.4")]),
        Rule("MA0501", "Account contact has no phone number", Severity.Medium, "best-practices_mgmt-acct_phone-number", "Account",
            [("aws-iam-root-user@2026-11", "ru-bp-recovery"), ("aws-securityhub-controls@2026-11", "Account.1")]),
        Rule("MA0601", "Access review attestation is missing or stale", Severity.Low, "best-practices_mgmt-acct_review-access", "Attestation", [("aws-mgmt-account@v2", "bp_mgmt-acct_review-access")]),
        Rule("MA0801", "No alert on root user sign-in", Severity.Medium, "best-practices_mgmt-acct_monitor-access", "Trail",
            [("aws-iam-root-user@2026-11", "ru-bp-monitor"), ("aws-securityhub-controls@2026-11", "CloudWatch.1"), ("cis-aws-foundations@1.4.0", "4.3")]),
    ];

    public static EvaluationReport Create() => new()
    {
        Rules = Rules,
        Results = Results().Sorted().ToList(),
        EvaluatedAt = EvaluatedAt,
        ToolVersion = "0.1.0-test",
        SeverityOverrides = new Dictionary<string, Severity> { ["MA0302"] = Severity.Info },
        Frameworks = Frameworks,
    };

    /// <summary>The same run compared with a baseline: two new failures, one resolved, the rest unchanged.</summary>
    public static EvaluationReport WithBaseline()
    {
        var report = Create();
        return report with
        {
            Results = report.Results.Select(r => r with
            {
                Baseline = (r.RuleId, r.Status, r.AccountId) switch
                {
                    ("MA0401", ResultStatus.Fail, Workloads) or ("MA0201", ResultStatus.Fail, _) => BaselineState.New,
                    ("MA0501", ResultStatus.Pass, _) => BaselineState.Resolved,
                    (_, ResultStatus.Fail, _) => BaselineState.Unchanged,
                    _ => (BaselineState?)null,
                },
            }).ToList(),
        };
    }

    private static IEnumerable<RuleResult> Results()
    {
        yield return Result("MA0101", ResultStatus.Fail, Management, Root(Management), "The root user of management account Acme Org (111111111111) signed in 3 days ago.");
        yield return Result("MA0201", ResultStatus.Fail, Management, $"arn:aws:organizations::{Management}:account/o-a1b2c3d4e5/{Management}",
            "Management account Acme Org runs 3 workload resources.",
            evidence: [$"arn:aws:ec2:eu-west-1:{Management}:instance/i-0abc1234def567890", $"arn:aws:lambda:eu-west-1:{Management}:function:nightly-export", $"arn:aws:s3:::acme-org-exports"]);
        yield return Result("MA0301", ResultStatus.Pass, Management, $"arn:aws:organizations::{Management}:account/o-a1b2c3d4e5/{Management}", "The root email address aws-root@acme.example is a group mailbox.");
        yield return Result("MA0302", ResultStatus.Unknown, Management, Root(Management), "The root password age could not be determined.",
            unknownReason: "iam:GetCredentialReport: AccessDenied (the role lacks iam:GenerateCredentialReport)", severity: Severity.Info);
        foreach (var account in new[] { Management, Audit, Workloads, Sandbox })
        {
            var status = account switch { Management or Workloads => ResultStatus.Fail, Sandbox => ResultStatus.Suppressed, _ => ResultStatus.Pass };
            yield return Result("MA0401", status, account, Root(account),
                status == ResultStatus.Pass ? $"The root user of account {account} is protected by MFA." : $"The root user of account {account} has no MFA device.",
                suppression: status == ResultStatus.Suppressed ? new Suppression("Sandbox accounts are closed monthly; root is locked by an SCP.", "platform-team@acme.example", new DateOnly(2027, 3, 31)) : null);
            yield return Result("MA0402", ResultStatus.Pass, account, Root(account), $"The root user of account {account} has no access key.");
        }
        yield return Result("MA0501", ResultStatus.Pass, Management, $"arn:aws:organizations::{Management}:account/o-a1b2c3d4e5/{Management}", "The account contact has the phone number +1-555-0100.");
        yield return Result("MA0601", ResultStatus.Fail, Management, "attestation/access-review", "The last access review attestation is 412 days old (limit 365).");
        yield return Result("MA0801", ResultStatus.Fail, Management, $"arn:aws:cloudtrail:us-east-1:{Management}:trail/org-trail",
            "Root sign-ins to management account Acme Org raise no alert: no EventBridge rule, and the metric filter | alarm pair has no subscriber <none>.");
    }

    public static string Root(string account) => $"arn:aws:iam::{account}:root";

    public static RuleResult Result(string ruleId, ResultStatus status, string account, string resource, string message,
        IReadOnlyList<string>? evidence = null, string? unknownReason = null, Suppression? suppression = null, Severity? severity = null)
    {
        var rule = Rules.Single(r => r.Id == ruleId);
        return new RuleResult
        {
            RuleId = ruleId,
            Recommendation = rule.Recommendation,
            Status = status,
            Severity = severity ?? rule.DefaultSeverity,
            AccountId = account,
            Resource = resource,
            Message = message,
            Evidence = evidence ?? [],
            UnknownReason = unknownReason,
            Suppression = suppression,
        };
    }

    private static RuleDescriptor Rule(string id, string title, Severity severity, string recommendation, string subject, IReadOnlyList<(string Framework, string Requirement)> mapped)
    {
        var mappings = new[] { (Framework: Frameworks.FindRecommendation(recommendation)!.Value.Framework.Key, Requirement: recommendation) }.Concat(mapped).Select(m =>
        {
            var framework = Frameworks.Resolve(m.Framework, out _)!;
            var requirement = framework.Find(m.Requirement)!;
            return new RequirementMapping(framework.Id, framework.Version, requirement.Id, requirement.Title, requirement.Url);
        }).ToList();
        return Describe(id, title, severity, recommendation, subject, mappings);
    }

    private static RuleDescriptor Describe(string id, string title, Severity severity, string recommendation, string subject, List<RequirementMapping> mappings) => new()
    {
        Id = id,
        Title = title,
        DefaultSeverity = severity,
        Category = subject == "Trail" ? "Monitoring" : "Identity",
        Recommendation = recommendation,
        Rationale = $"Why {title.ToLowerInvariant()} matters: the management account can undo every control in the organization.",
        Remediation = $"Fix: {title.ToLowerInvariant()}. See the linked recommendation for the steps.",
        References = [Frameworks.FindRecommendation(recommendation)!.Value.Requirement.Url!],
        Tags = ["management-account", subject.ToLowerInvariant()],
        Mappings = mappings,
        RelatedRequirements = mappings.Select(m => $"{Frameworks.Find(m.Framework, m.Version)!.Label} {m.RequirementId}").ToList(),
        SubjectType = subject,
        FactTypes = [subject],
        SourcePath = $"{recommendation}/{id}.yaml",
    };
}
