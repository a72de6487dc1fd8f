using PolicyEngine.Aws.Http;

namespace PolicyEngine.Aws.Protocols;

/// <summary>One page of a listing and the token for the next (null on the last page).</summary>
public readonly record struct Page<T>(IReadOnlyList<T> Items, string? NextToken);

/// <summary>
/// Follows NextToken/Marker to the end. Empty pages with a token are followed too (AWS may return them mid-listing);
/// a token that repeats would loop forever, so it fails the call instead.
/// </summary>
public static class Pagination
{
    public static async Task<IReadOnlyList<T>> AllAsync<T>(AwsOperation operation, Func<string?, Task<Page<T>>> fetch, CancellationToken ct)
    {
        var items = new List<T>();
        await foreach (var item in StreamAsync(operation, fetch, ct).ConfigureAwait(false))
            items.Add(item);
        return items;
    }

    /// <summary>Yields items page by page, so a consumer can start on the first page while later ones are fetched.</summary>
    public static async IAsyncEnumerable<T> StreamAsync<T>(AwsOperation operation, Func<string?, Task<Page<T>>> fetch,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        string? token = null;
        do
        {
            ct.ThrowIfCancellationRequested();
            Page<T> page;
            try
            {
                page = await fetch(token).ConfigureAwait(false);
            }
            catch (FormatException e)
            {
                // A value the service would never send (a date that is no date): the answer is not the operation's.
                throw new AwsServiceException(operation, AwsErrorCodes.Unparseable, $"a value in the answer is malformed: {e.Message}", inner: e);
            }
            foreach (var item in page.Items) yield return item;
            token = string.IsNullOrEmpty(page.NextToken) ? null : page.NextToken;
            if (token is not null && !seen.Add(token))
                throw new AwsServiceException(operation, "PaginationLoop", "the service returned the same pagination token twice");
        }
        while (token is not null);
    }
}
