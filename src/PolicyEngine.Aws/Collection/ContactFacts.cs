using PolicyEngine.Aws.Clients.Account;
using PolicyEngine.Core.Facts;

namespace PolicyEngine.Aws.Collection;

/// <summary>
/// The caller's contact information and its three alternate contacts, and the security contact of every other account.
/// An unset contact is a fact with IsSet false; a failed call is an error for that account.
/// </summary>
internal static class ContactFacts
{
    public static async Task CollectAsync(CollectionContext ctx, IAsyncEnumerable<Account> accounts)
    {
        var own = ctx.CallerAccountId;
        var info = await ctx.TryAsync(nameof(ContactInformation), own, ct => ctx.Clients.Account.GetContactInformationAsync(null, ct));
        if (info.Ok)
            ctx.Sink.Add(new ContactInformation(own, info.Value.FullName, info.Value.PhoneNumber, info.Value.CompanyName, info.Value.CountryCode));

        // The caller's own account is asked without AccountId: the management account may not name itself.
        await Task.WhenAll(
            ctx.ForEachAsync(AlternateContactTypes.All, type => CollectAlternateContactAsync(ctx, own, type, named: false)),
            ctx.ForEachAsync(accounts, account => account.Id == own
                ? Task.CompletedTask
                : CollectAlternateContactAsync(ctx, account.Id, AlternateContactTypes.Security, named: true)));
    }

    private static async Task CollectAlternateContactAsync(CollectionContext ctx, string accountId, string type, bool named)
    {
        var contact = await ctx.TryAsync(nameof(AlternateContact), accountId,
            ct => ctx.Clients.Account.GetAlternateContactAsync(type, named ? accountId : null, ct));
        if (!contact.Ok) return;
        ctx.Sink.Add(contact.Value is { } c
            ? new AlternateContact(accountId, type, true, c.Name, c.EmailAddress, c.PhoneNumber)
            : new AlternateContact(accountId, type, false));
    }
}
