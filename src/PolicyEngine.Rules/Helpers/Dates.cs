namespace PolicyEngine.Rules.Helpers;

/// <summary>Date arithmetic for rule expressions. "Now" is the evaluation date, passed in as <c>now</c> / <c>today</c>.</summary>
public static class Dates
{
    /// <summary>Whole days from <paramref name="from"/> to <paramref name="to"/>; null when <paramref name="from"/> is unknown.</summary>
    public static int? DaysBetween(DateTimeOffset? from, DateTimeOffset to) =>
        from is { } f ? (int)Math.Floor((to - f).TotalDays) : null;

    public static int? DaysBetween(DateOnly? from, DateOnly to) => from is { } f ? to.DayNumber - f.DayNumber : null;

    /// <summary>True when the date is missing or more than <paramref name="days"/> days before <paramref name="now"/>.</summary>
    public static bool OlderThan(DateOnly? date, int days, DateOnly now) => date is not { } d || now.DayNumber - d.DayNumber > days;

    public static bool OlderThan(DateTimeOffset? date, int days, DateTimeOffset now) => date is not { } d || (now - d).TotalDays > days;

    /// <summary>
    /// True when a recorded date is present, not after <paramref name="now"/> and no more than <paramref name="days"/> days
    /// before it: evidence dated in the future (a typo, or an attempt to silence a rule) is not current.
    /// </summary>
    public static bool Current(DateOnly? date, int days, DateOnly now) =>
        date is { } d && d <= now && now.DayNumber - d.DayNumber <= days;

    /// <summary>True when the date is present and no more than <paramref name="days"/> days before <paramref name="now"/>.</summary>
    public static bool Within(DateTimeOffset? date, int days, DateTimeOffset now) => date is { } d && (now - d).TotalDays <= days;

    /// <summary>True when the date falls between now and <paramref name="days"/> days ahead (or has passed).</summary>
    public static bool DueWithin(DateOnly? date, int days, DateOnly now) => date is { } d && d.DayNumber - now.DayNumber <= days;

    /// <summary>The UTC calendar date of an instant, to compare a last-used time with an attested date; null stays null.</summary>
    public static DateOnly? ToDate(DateTimeOffset? instant) => instant is { } i ? DateOnly.FromDateTime(i.UtcDateTime) : null;

    public static DateOnly? AddDays(DateOnly? date, int days) => date?.AddDays(days);

    public static string Format(DateOnly? date) => date?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) ?? "never";

    public static string Format(DateTimeOffset? date) => date?.UtcDateTime.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) ?? "never";
}
