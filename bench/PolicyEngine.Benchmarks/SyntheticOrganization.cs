using System.Globalization;
using PolicyEngine.Core.Facts;
using PolicyEngine.Core.Snapshots;

namespace PolicyEngine.Benchmarks;

/// <summary>
/// Generates a fictional organization of N accounts (one management account, N-1 members) with a realistic mix of
/// facts in every fact family and a realistic share of violations. The same seed always gives the same snapshot:
/// every random draw comes from one seeded <see cref="Random"/>, in a fixed order, and no clock is read.
/// </summary>
public static class SyntheticOrganization
{
    /// <summary>The fixed collection date of generated snapshots; evaluate with this as "now" to get stable results.</summary>
    public static readonly DateTimeOffset CollectedAt = new(2026, 11, 20, 6, 0, 0, TimeSpan.Zero);

    private static readonly string[] Regions = ["us-east-1", "us-west-2", "eu-west-1", "eu-central-1", "ap-southeast-2"];
    private static readonly string[] Teams =
        ["payments", "ledger", "search", "identity", "checkout", "catalog", "data", "ml", "mobile", "web", "risk", "support", "analytics", "platform", "edge"];
    private static readonly string[] Stages = ["prod", "staging", "dev", "sandbox", "qa"];
    private static readonly string[] ContactTypes = ["BILLING", "OPERATIONS", "SECURITY"];
    private static readonly string[] TrustedPrincipals =
    [
        "cloudtrail.amazonaws.com", "config.amazonaws.com", "guardduty.amazonaws.com", "securityhub.amazonaws.com",
        "sso.amazonaws.com", "access-analyzer.amazonaws.com", "ram.amazonaws.com", "backup.amazonaws.com",
        "member.org.stacksets.cloudformation.amazonaws.com", "inspector2.amazonaws.com", "account.amazonaws.com",
        "iam.amazonaws.com", "ipam.amazonaws.com", "health.amazonaws.com",
    ];
    private static readonly string[] DelegatedPrincipals =
    [
        "guardduty.amazonaws.com", "securityhub.amazonaws.com", "access-analyzer.amazonaws.com", "config.amazonaws.com",
        "inspector2.amazonaws.com", "backup.amazonaws.com", "member.org.stacksets.cloudformation.amazonaws.com",
    ];

    private const string RootActivityPattern =
        """{"detail-type":["AWS API Call via CloudTrail","AWS Console Sign In via CloudTrail"],"detail":{"userIdentity":{"type":["Root"]}}}""";
    private const string GuardDutyPattern = """{"source":["aws.guardduty"],"detail-type":["GuardDuty Finding"]}""";
    private const string ConsoleSignInPattern = """{"detail-type":["AWS Console Sign In via CloudTrail"]}""";
    private const string RootUsageFilter =
        """{ $.userIdentity.type = "Root" && $.userIdentity.invokedBy NOT EXISTS && $.eventType != "AwsServiceEvent" }""";
    private const string UnauthorizedCallsFilter = """{ ($.errorCode = "*UnauthorizedOperation") || ($.errorCode = "AccessDenied*") }""";

    public sealed record Summary(int Accounts, int Facts, int OrganizationFacts, int CollectionErrors);

    public static Snapshot Generate(int accounts, int seed = 1)
    {
        if (accounts < 1) throw new ArgumentOutOfRangeException(nameof(accounts), "An organization has at least its management account.");
        var g = new Generator(new Random(seed));
        return new Snapshot(Snapshot.CurrentSchemaVersion, CollectedAt, g.Build(accounts),
            new SnapshotSource("PolicyEngine.Benchmarks synth", Description: $"synthetic organization, {accounts} accounts, seed {seed}"));
    }

    public static Summary Summarize(FactSet facts) =>
        new(facts.Accounts.Count, facts.All().Count() + facts.CollectionErrors.Count, facts.All().Count(f => f is IOrganizationFact), facts.CollectionErrors.Count);

    private sealed class Generator(Random rng)
    {
        private readonly HashSet<string> _ids = [];
        private readonly List<Account> _accounts = [];
        private readonly List<RootCredential> _roots = [];
        private readonly List<MfaDevice> _mfa = [];
        private readonly List<IamUser> _users = [];
        private readonly List<ContactInformation> _contacts = [];
        private readonly List<AlternateContact> _alternates = [];
        private readonly List<CloudTrailTrail> _trails = [];
        private readonly List<EventBridgeRule> _eventRules = [];
        private readonly List<MetricFilter> _filters = [];
        private readonly List<MetricAlarm> _alarms = [];
        private readonly List<WorkloadResource> _workloads = [];
        private readonly List<CollectionError> _errors = [];

        private bool Chance(double p) => rng.NextDouble() < p;
        private T Pick<T>(IReadOnlyList<T> items) => items[rng.Next(items.Count)];
        private DateTimeOffset DaysAgo(int min, int max) => CollectedAt.AddDays(-rng.Next(min, max + 1)).AddMinutes(-rng.Next(0, 1440));
        private DateOnly DateDaysAgo(int min, int max) => DateOnly.FromDateTime(CollectedAt.UtcDateTime).AddDays(-rng.Next(min, max + 1));

        private string NewAccountId()
        {
            while (true)
            {
                var id = rng.NextInt64(100_000_000_000, 999_999_999_999).ToString(CultureInfo.InvariantCulture);
                if (_ids.Add(id)) return id;
            }
        }

        private string Alphanumeric(int length)
        {
            const string chars = "abcdefghijklmnopqrstuvwxyz0123456789";
            return string.Create(length, rng, (span, r) =>
            {
                for (var i = 0; i < span.Length; i++) span[i] = chars[r.Next(chars.Length)];
            });
        }

        public FactSet Build(int count)
        {
            var orgId = "o-" + Alphanumeric(10);
            var rootId = "r-" + Alphanumeric(4);
            var ous = Enumerable.Range(0, 6).Select(_ => $"ou-{rootId[2..]}-{Alphanumeric(8)}").ToList();
            var management = NewAccountId();
            // Most organizations have centralized root access; then member accounts have no root credentials at all.
            var centralRoot = Chance(0.8);

            var organization = new Organization(orgId, $"arn:aws:organizations::{management}:organization/{orgId}",
                Chance(0.97) ? "ALL" : "CONSOLIDATED_BILLING", management,
                Chance(0.85) ? "aws-root@corp.example.com" : "jane.doe@gmail.com",
                ["SERVICE_CONTROL_POLICY", "TAG_POLICY", "BACKUP_POLICY", .. Chance(0.5) ? new[] { "AISERVICES_OPT_OUT_POLICY" } : []]);
            var features = new OrganizationFeatures(management,
                centralRoot ? ["RootCredentialsManagement", "RootSessions"] : Chance(0.3) ? ["RootSessions"] : []);

            var trailArn = $"arn:aws:cloudtrail:us-east-1:{management}:trail/org-trail";
            ManagementAccount(management, orgId, organization.ManagementAccountEmail, trailArn);

            var memberIds = new List<string>(count - 1);
            for (var i = 1; i < count; i++)
            {
                var id = NewAccountId();
                memberIds.Add(id);
                MemberAccount(id, orgId, management, i, centralRoot, trailArn);
            }

            var security = memberIds.Count > 0 ? memberIds[0] : management;
            var trusted = TrustedPrincipals.Where(_ => Chance(0.85))
                .Select(p => new TrustedService(management, p, DaysAgo(30, 1500))).ToList();
            var delegated = DelegatedPrincipals.Where(_ => Chance(0.8))
                .Select(p => new DelegatedAdministrator(management, security, p, DaysAgo(30, 1200))).ToList();
            var policies = ServiceControlPolicies(management, rootId, ous, memberIds);

            // A few collection errors: accounts whose alternate contacts or credential report could not be read, and
            // an opt-in region the management account could not list EventBridge rules in.
            foreach (var id in memberIds)
            {
                if (Chance(0.004))
                    _errors.Add(new CollectionError(nameof(AlternateContact), id, "account:GetAlternateContact", "AccessDeniedException",
                        "User is not authorized to perform: account:GetAlternateContact"));
                if (Chance(0.002))
                    _errors.Add(new CollectionError(nameof(RootCredential), id, "iam:GetCredentialReport", "ReportNotPresent",
                        "Credential report not present"));
            }
            if (Chance(0.5))
                _errors.Add(new CollectionError(nameof(EventBridgeRule), management, "events:ListRules", "UnrecognizedClientException",
                    "The security token included in the request is invalid", "ap-east-1"));
            if (Chance(0.3))
                _errors.Add(new CollectionError(nameof(WorkloadResource), management, "dynamodb:ListTables", "AccessDeniedException",
                    "not authorized to perform: dynamodb:ListTables", "me-south-1"));

            var managementAccount = _accounts[0];
            return new FactSet
            {
                Organization = organization,
                OrganizationFeatures = features,
                Accounts = _accounts,
                TrustedServices = trusted,
                DelegatedAdministrators = delegated,
                ServiceControlPolicies = policies,
                RootCredentials = _roots,
                MfaDevices = _mfa,
                IamUsers = _users,
                ContactInformation = _contacts,
                AlternateContacts = _alternates,
                CloudTrailTrails = _trails,
                EventBridgeRules = _eventRules,
                MetricFilters = _filters,
                MetricAlarms = _alarms,
                WorkloadResources = _workloads,
                RootEmailAttestations = [new RootEmailAttestation(managementAccount.Id, "ciso@corp.example.com", DateDaysAgo(10, 400), "ticket SEC-1042",
                    IsDistributionList: Chance(0.8), SeniorManagerRecipients: rng.Next(0, 5))],
                RootPasswordAttestations = [new RootPasswordAttestation(managementAccount.Id, "ciso@corp.example.com", DateDaysAgo(10, 400), null,
                    Pick(new[] { "safe", "split-custodians", "offline-password-manager", "aws-secrets-manager" }), rng.Next(1, 4),
                    Pick(new[] { "HQ safe 2", "Dublin office safe", "CISO office" }), Chance(0.75), Chance(0.15))],
                MfaDeviceAttestations = [new MfaDeviceAttestation(managementAccount.Id, "ciso@corp.example.com", DateDaysAgo(10, 400), null,
                    Pick(new[] { "hardware-totp", "fido2-key", "virtual" }), Chance(0.3),
                    Chance(0.4) ? DateOnly.FromDateTime(CollectedAt.UtcDateTime).AddDays(rng.Next(-30, 900)) : null,
                    Chance(0.85), Pick(new[] { "HQ safe 1", "Dublin office safe", "HQ safe 2" }), Chance(0.7))],
                PhoneAttestations = [new PhoneAttestation(managementAccount.Id, "it-ops@corp.example.com", DateDaysAgo(10, 400), null,
                    Pick(new[] { "HQ safe 3", "Dublin office safe" }), Chance(0.7))],
                AccessReviewAttestations = [new AccessReviewAttestation(managementAccount.Id, "ciso@corp.example.com", DateDaysAgo(10, 200), "review 2026-Q3",
                    Chance(0.85) ? DateDaysAgo(5, 200) : null, rng.Next(1, 5), rng.Next(1, 4), rng.Next(1, 4), rng.Next(1, 3))],
                ProcedureAttestations = [new ProcedureAttestation(managementAccount.Id, "ciso@corp.example.com", DateDaysAgo(10, 300), "wiki/SEC/root-procedures",
                    new[] { "root-only-tasks", "reset-password", "change-password", "reset-mfa", "change-mfa", "reset-email", "change-email", "reset-phone", "change-phone", "delete-management-account" }
                        .Where(_ => Chance(0.85)).ToList(),
                    Chance(0.8) ? DateDaysAgo(5, 200) : null, Chance(0.7) ? DateDaysAgo(5, 200) : null)],
                AlertResponseAttestations = [new AlertResponseAttestation(managementAccount.Id, "soc-lead@corp.example.com", DateDaysAgo(10, 300), null,
                    Chance(0.8), Chance(0.8) ? "https://wiki.corp.example.com/soc/root-activity" : null)],
                CollectionErrors = _errors,
            };
        }

        private void ManagementAccount(string id, string orgId, string email, string trailArn)
        {
            _accounts.Add(new Account(id, $"arn:aws:organizations::{id}:account/{orgId}/{id}", "Management", email, "ACTIVE", true, "CREATED",
                DaysAgo(1500, 3000)));

            var mfa = Chance(0.85);
            _roots.Add(new RootCredential(id, PasswordEnabled: true, PasswordLastUsed: Chance(0.7) ? DaysAgo(1, 400) : null, MfaActive: mfa,
                AccessKey1Active: Chance(0.1), AccessKey1LastUsed: Chance(0.1) ? DaysAgo(1, 300) : null, AccessKey2Active: false, AccessKey2LastUsed: null,
                SigningCertificatesPresent: Chance(0.05)));
            if (mfa)
                _mfa.Add(new MfaDevice(id, Chance(0.6) ? "GAHT" + rng.Next(10_000_000, 99_999_999) : $"arn:aws:iam::{id}:mfa/root-account-mfa-device",
                    Chance(0.6) ? "hardware" : "virtual", $"arn:aws:iam::{id}:root", DaysAgo(100, 1500)));

            // Management accounts often keep a few IAM users: break-glass admins, an old CI user with access keys.
            foreach (var name in new[] { "break-glass-1", "break-glass-2", "billing-admin", "ci-deployer", "terraform", "j.smith" }.Where(_ => Chance(0.5)))
            {
                var user = new IamUser(id, name, $"arn:aws:iam::{id}:user/{name}", DaysAgo(200, 2000),
                    Chance(0.6) ? DaysAgo(1, 300) : null, HasConsolePassword: !name.StartsWith("ci", StringComparison.Ordinal) && Chance(0.8),
                    ActiveAccessKeys: name is "ci-deployer" or "terraform" ? rng.Next(1, 3) : Chance(0.2) ? 1 : 0);
                _users.Add(user);
                if (user.HasConsolePassword && Chance(0.7))
                    _mfa.Add(new MfaDevice(id, $"arn:aws:iam::{id}:mfa/{name}", "virtual", user.Arn, DaysAgo(10, 800)));
            }

            _contacts.Add(new ContactInformation(id, "Corp Example Ltd Cloud Team", Chance(0.9) ? "+1-206-555-0" + rng.Next(100, 999) : null,
                "Corp Example Ltd", "US"));
            foreach (var type in ContactTypes)
                _alternates.Add(Chance(0.8)
                    ? new AlternateContact(id, type, true, $"{type.ToLowerInvariant()} team", $"aws-{type.ToLowerInvariant()}@corp.example.com", "+1-206-555-0199")
                    : new AlternateContact(id, type, false));

            _trails.Add(new CloudTrailTrail(id, "org-trail", trailArn, "us-east-1", IsMultiRegion: true, IsOrganizationTrail: true,
                IsLogging: Chance(0.95), LogFileValidationEnabled: Chance(0.9), IncludesManagementEvents: true, ReadWriteType: "All",
                S3BucketName: "corp-org-cloudtrail-logs", CloudWatchLogsLogGroupArn: Chance(0.8) ? $"arn:aws:logs:us-east-1:{id}:log-group:org-trail:*" : null,
                KmsKeyId: Chance(0.7) ? $"arn:aws:kms:us-east-1:{id}:key/{Alphanumeric(8)}-{Alphanumeric(4)}-{Alphanumeric(4)}-{Alphanumeric(12)}" : null));

            if (Chance(0.7))
                _eventRules.Add(new EventBridgeRule(id, "us-east-1", "root-activity-alert", $"arn:aws:events:us-east-1:{id}:rule/root-activity-alert",
                    Chance(0.9) ? "ENABLED" : "DISABLED", RootActivityPattern, Chance(0.9) ? 1 : 0));
            _eventRules.Add(new EventBridgeRule(id, "us-east-1", "guardduty-findings", $"arn:aws:events:us-east-1:{id}:rule/guardduty-findings",
                "ENABLED", GuardDutyPattern, 2));
            if (Chance(0.5))
                _eventRules.Add(new EventBridgeRule(id, "us-east-1", "console-sign-in", $"arn:aws:events:us-east-1:{id}:rule/console-sign-in",
                    "ENABLED", ConsoleSignInPattern, 1));

            if (Chance(0.6))
            {
                _filters.Add(new MetricFilter(id, "us-east-1", "org-trail", "RootAccountUsage", RootUsageFilter, "RootAccountUsageCount", "CISBenchmark"));
                _alarms.Add(new MetricAlarm(id, "us-east-1", "root-account-usage", $"arn:aws:cloudwatch:us-east-1:{id}:alarm:root-account-usage",
                    "RootAccountUsageCount", "CISBenchmark", Chance(0.9), Chance(0.9) ? [$"arn:aws:sns:us-east-1:{id}:security-alerts"] : []));
            }
            _filters.Add(new MetricFilter(id, "us-east-1", "org-trail", "UnauthorizedApiCalls", UnauthorizedCallsFilter, "UnauthorizedApiCallsCount", "CISBenchmark"));

            // Workloads left behind in the management account: the main violation of "use the management account only for ...".
            var workloads = rng.Next(0, 5);
            for (var i = 0; i < workloads; i++) Workload(id, Pick(Regions), i, "legacy");
        }

        private void MemberAccount(string id, string orgId, string management, int index, bool centralRoot, string trailArn)
        {
            var team = Pick(Teams);
            var stage = Pick(Stages);
            var name = $"{team}-{stage}-{index:D5}";
            var state = Chance(0.97) ? "ACTIVE" : Chance(0.7) ? "SUSPENDED" : "PENDING_CLOSURE";
            _accounts.Add(new Account(id, $"arn:aws:organizations::{management}:account/{orgId}/{id}", name,
                Chance(0.995) ? $"aws+{name}@corp.example.com" : $"{team}.owner@gmail.com", state, false,
                Chance(0.85) ? "CREATED" : "INVITED", DaysAgo(1, 2500)));

            // Centralized root access removes member root credentials; a few invited accounts still have them.
            var hasPassword = centralRoot ? Chance(0.03) : Chance(0.9);
            var mfa = hasPassword && Chance(0.8);
            var key = Chance(centralRoot ? 0.002 : 0.02);
            _roots.Add(new RootCredential(id, hasPassword, hasPassword && Chance(0.3) ? DaysAgo(1, 700) : null, mfa,
                key, key ? DaysAgo(1, 700) : null, false, null));
            if (mfa)
                _mfa.Add(new MfaDevice(id, $"arn:aws:iam::{id}:mfa/root-account-mfa-device", "virtual", $"arn:aws:iam::{id}:root", DaysAgo(30, 1500)));

            var users = Chance(0.4) ? rng.Next(1, 4) : 0;
            for (var i = 0; i < users; i++)
            {
                var userName = Pick(new[] { "ci", "deploy", "legacy-app", "vendor", "backup" }) + "-" + i;
                _users.Add(new IamUser(id, userName, $"arn:aws:iam::{id}:user/{userName}", DaysAgo(30, 2000), Chance(0.2) ? DaysAgo(1, 400) : null,
                    Chance(0.2), rng.Next(0, 3)));
            }

            _contacts.Add(new ContactInformation(id, "Corp Example Ltd Cloud Team", Chance(0.85) ? "+1-206-555-0" + rng.Next(100, 999) : null,
                "Corp Example Ltd", "US"));
            _alternates.Add(Chance(0.8)
                ? new AlternateContact(id, "SECURITY", true, "security team", "aws-security@corp.example.com", "+1-206-555-0199")
                : new AlternateContact(id, "SECURITY", false));
            if (Chance(0.3))
            {
                _alternates.Add(new AlternateContact(id, "BILLING", Chance(0.9), "finops", "finops@corp.example.com"));
                _alternates.Add(new AlternateContact(id, "OPERATIONS", Chance(0.8), team + " on-call", $"{team}-oncall@corp.example.com"));
            }

            // The organization trail as a member sees it (the management account's ARN), and sometimes a trail of its own.
            _trails.Add(new CloudTrailTrail(id, "org-trail", trailArn, "us-east-1", true, true, true, true, true, "All", "corp-org-cloudtrail-logs"));
            if (Chance(0.1))
                _trails.Add(new CloudTrailTrail(id, $"{team}-trail", $"arn:aws:cloudtrail:eu-west-1:{id}:trail/{team}-trail", "eu-west-1",
                    Chance(0.5), false, Chance(0.9), Chance(0.6), true, Pick(new[] { "All", "WriteOnly" }), $"{team}-{stage}-trail-logs-{id}"));

            if (Chance(0.2))
            {
                _eventRules.Add(new EventBridgeRule(id, "us-east-1", "ecs-task-state", $"arn:aws:events:us-east-1:{id}:rule/ecs-task-state",
                    "ENABLED", """{"source":["aws.ecs"],"detail-type":["ECS Task State Change"]}""", 1));
                if (Chance(0.3))
                    _eventRules.Add(new EventBridgeRule(id, "us-east-1", "root-activity", $"arn:aws:events:us-east-1:{id}:rule/root-activity",
                        Chance(0.8) ? "ENABLED" : "DISABLED", RootActivityPattern, rng.Next(0, 2)));
            }
            if (Chance(0.1))
            {
                var region = Pick(Regions);
                _filters.Add(new MetricFilter(id, region, $"/aws/lambda/{team}", "Errors", "ERROR", "AppErrors", team));
                _alarms.Add(new MetricAlarm(id, region, $"{team}-errors", $"arn:aws:cloudwatch:{region}:{id}:alarm:{team}-errors", "AppErrors", team,
                    true, [$"arn:aws:sns:{region}:{id}:{team}-alerts"]));
            }

            var workloads = state == "ACTIVE" ? rng.Next(2, 11) : 0;
            for (var i = 0; i < workloads; i++) Workload(id, Pick(Regions), i, $"{team}-{stage}");
        }

        private void Workload(string accountId, string region, int i, string prefix)
        {
            switch (rng.Next(4))
            {
                case 0:
                    var instance = "i-0" + Alphanumeric(16);
                    _workloads.Add(new WorkloadResource(accountId, region, "AWS::EC2::Instance", $"arn:aws:ec2:{region}:{accountId}:instance/{instance}", instance));
                    break;
                case 1:
                    var bucket = $"{prefix}-data-{i}-{accountId}";
                    _workloads.Add(new WorkloadResource(accountId, region, "AWS::S3::Bucket", $"arn:aws:s3:::{bucket}", bucket));
                    break;
                case 2:
                    var table = $"{prefix}-table-{i}";
                    _workloads.Add(new WorkloadResource(accountId, region, "AWS::DynamoDB::Table", $"arn:aws:dynamodb:{region}:{accountId}:table/{table}", table));
                    break;
                default:
                    var queue = $"{prefix}-queue-{i}";
                    _workloads.Add(new WorkloadResource(accountId, region, "AWS::SQS::Queue", $"arn:aws:sqs:{region}:{accountId}:{queue}", queue));
                    break;
            }
        }

        private List<ServiceControlPolicy> ServiceControlPolicies(string management, string rootId, List<string> ous, List<string> members)
        {
            var arn = (string id) => $"arn:aws:organizations::{management}:policy/o-example/service_control_policy/{id}";
            var policies = new List<ServiceControlPolicy>
            {
                new(management, "p-FullAWSAccess", "arn:aws:organizations::aws:policy/service_control_policy/p-FullAWSAccess", "FullAWSAccess", true, [rootId]),
            };
            var names = new[] { "deny-root-user", "deny-leave-organization", "protect-cloudtrail", "region-allow-list", "deny-iam-user-creation", "protect-security-services", "sandbox-guardrails" };
            foreach (var name in names)
            {
                if (!Chance(0.8)) continue;
                var id = "p-" + Alphanumeric(8);
                List<string> targets = name == "sandbox-guardrails"
                    ? [.. ous.Take(1), .. members.Where(_ => Chance(0.001)).Take(20)]
                    : Chance(0.6) ? [rootId] : ous.Where(_ => Chance(0.6)).ToList();
                policies.Add(new ServiceControlPolicy(management, id, arn(id), name, false, targets));
            }
            return policies;
        }
    }
}
