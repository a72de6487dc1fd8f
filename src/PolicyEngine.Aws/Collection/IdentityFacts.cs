using PolicyEngine.Aws.Clients.Iam;
using PolicyEngine.Aws.Http;
using PolicyEngine.Core.Facts;

namespace PolicyEngine.Aws.Collection;

/// <summary>Root credentials, MFA devices, IAM users and IAM's organization features, for the caller's account.</summary>
internal static class IdentityFacts
{
    public static async Task CollectAsync(CollectionContext ctx)
    {
        var iam = ctx.Clients.Iam;
        var account = ctx.CallerAccountId;
        var summaryTask = ctx.TryAsync(nameof(RootCredential), account, iam.GetAccountSummaryAsync);
        var reportTask = ctx.TryAsync(nameof(RootCredential), account, iam.GetCredentialReportAsync);
        await Task.WhenAll(summaryTask, reportTask, CollectMfaDevicesAsync(ctx), CollectFeaturesAsync(ctx));
        var (summary, report) = (summaryTask.Result, reportTask.Result);

        if (summary.Ok && report.Ok) AddRootCredential(ctx, summary.Value, report.Value);
        if (report.Ok) await CollectUsersAsync(ctx, report.Value);
        else RecordUsersUnknown(ctx);
    }

    /// <summary>
    /// The report's root row gives MFA, keys and last use; its password_enabled is always not_supported, so whether root
    /// has a password comes from the summary's AccountPasswordPresent.
    /// </summary>
    private static void AddRootCredential(CollectionContext ctx, IReadOnlyDictionary<string, int> summary, CredentialReport report)
    {
        if (report.Root is not { } root)
        {
            ctx.Sink.Error(new CollectionError(nameof(RootCredential), ctx.CallerAccountId, IamClient.GetCredentialReport.IamAction,
                "RootRowMissing", $"the credential report has no {CredentialReport.RootUser} row"));
            return;
        }
        ctx.Sink.Add(new RootCredential(
            ctx.CallerAccountId,
            PasswordEnabled: summary.GetValueOrDefault("AccountPasswordPresent") == 1,
            PasswordLastUsed: root.Date("password_last_used"),
            MfaActive: root.Flag("mfa_active") || summary.GetValueOrDefault("AccountMFAEnabled") == 1,
            AccessKey1Active: root.Flag("access_key_1_active"),
            AccessKey1LastUsed: root.Date("access_key_1_last_used_date"),
            AccessKey2Active: root.Flag("access_key_2_active"),
            AccessKey2LastUsed: root.Date("access_key_2_last_used_date"),
            SigningCertificatesPresent: summary.GetValueOrDefault("AccountSigningCertificatesPresent") == 1
                || root.Flag("cert_1_active") || root.Flag("cert_2_active")));
    }

    /// <summary>Virtual devices, assigned or not; a root device is recognised by the user ARN, never by its serial name.</summary>
    private static async Task CollectMfaDevicesAsync(CollectionContext ctx)
    {
        var devices = await ctx.TryAsync(nameof(MfaDevice), ctx.CallerAccountId, ctx.Clients.Iam.ListVirtualMfaDevicesAsync);
        if (devices.Ok)
            ctx.Sink.AddRange(devices.Value.Select(d => new MfaDevice(ctx.CallerAccountId, d.SerialNumber, "virtual", d.UserArn, d.EnableDate)));
    }

    /// <summary>
    /// IAM says "no" to this call in three ways that are answers, not failures to read: trusted access for IAM is off,
    /// the organization lacks all features, or there is no organization. Each means no feature is enabled, and the fact
    /// says why. Only a caller that is neither the management account nor a delegated administrator cannot know.
    /// </summary>
    private static async Task CollectFeaturesAsync(CollectionContext ctx)
    {
        var features = await ctx.TryAsync(nameof(OrganizationFeatures), null,
            async ct => (Info: await ctx.Clients.Iam.ListOrganizationsFeaturesAsync(ct), Reason: (string?)null),
            e => FeaturesUnavailable(e) is { } reason ? new((new OrganizationsFeaturesInfo(null, []), reason), reason) : null);
        if (features.Ok)
            ctx.Sink.OrganizationFeatures = new OrganizationFeatures(ctx.CallerAccountId, features.Value.Info.EnabledFeatures, features.Value.Reason);
    }

    internal static string? FeaturesUnavailable(AwsServiceException e) => AwsErrorCodes.Bare(e.ErrorCode) switch
    {
        "ServiceAccessNotEnabled" => "trusted access for IAM (iam.amazonaws.com) is not enabled in AWS Organizations",
        "OrganizationNotInAllFeaturesMode" => "the organization does not have all features enabled",
        "OrganizationNotFound" => "no organization is associated with the account",
        _ => null,
    };

    /// <summary>Console password and active keys come from the report; a user created after it was generated has no row and is reported as unknown.</summary>
    private static async Task CollectUsersAsync(CollectionContext ctx, CredentialReport report)
    {
        var users = await ctx.TryAsync(nameof(IamUser), ctx.CallerAccountId, ctx.Clients.Iam.ListUsersAsync);
        if (!users.Ok) return;
        foreach (var user in users.Value)
        {
            if (report.ForUser(user.UserName) is not { } row)
            {
                ctx.Sink.Error(new CollectionError(nameof(IamUser), ctx.CallerAccountId, IamClient.GetCredentialReport.IamAction,
                    "UserNotInReport", $"user {user.UserName} is newer than the credential report"));
                continue;
            }
            var activeKeys = (row.Flag("access_key_1_active") ? 1 : 0) + (row.Flag("access_key_2_active") ? 1 : 0);
            ctx.Sink.Add(new IamUser(ctx.CallerAccountId, user.UserName, user.Arn, user.CreateDate, user.PasswordLastUsed,
                row.Flag("password_enabled"), activeKeys));
        }
    }

    private static void RecordUsersUnknown(CollectionContext ctx) =>
        ctx.Sink.Error(new CollectionError(nameof(IamUser), ctx.CallerAccountId, IamClient.GetCredentialReport.IamAction,
            AwsErrorCodes.Unknown, "users' passwords and keys come from the credential report, which could not be read"));
}
