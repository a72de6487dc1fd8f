using System.Globalization;
using System.Text;

namespace PolicyEngine.Core.Text;

/// <summary>
/// Makes text from untrusted sources (snapshots, rule files, configuration, AWS answers) safe to print: every
/// character that a terminal or viewer would act on instead of showing (C0 and C1 controls such as ESC, BEL, CR,
/// LF and NUL, DEL, bidirectional overrides and isolates, line and paragraph separators, unpaired surrogates) is written as a visible
/// escape (\e, \r, \n, \x07, \u202E), so a value can neither forge a line, move the cursor, recolour the screen
/// nor reorder what is shown. Every text output applies it at its boundary: the text reporters, the log
/// formatter, printed diagnostics and error messages. JSON outputs rely on their serializer's escaping instead.
/// </summary>
public static class UntrustedText
{
    /// <summary>The text with every unsafe character escaped; the same instance when there is none.</summary>
    public static string Escape(string? text) => Escape(text, keepLineBreaks: false);

    /// <summary>
    /// The same, keeping line feeds, for a whole document whose own structure is lines (a generated Markdown page):
    /// every other unsafe character is escaped.
    /// </summary>
    public static string Escape(string? text, bool keepLineBreaks)
    {
        if (string.IsNullOrEmpty(text)) return text ?? "";
        var first = IndexOfUnsafe(text, keepLineBreaks);
        if (first < 0) return text;
        var escaped = new StringBuilder(text.Length + 16).Append(text, 0, first);
        for (var i = first; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                escaped.Append(c).Append(text[++i]);
                continue;
            }
            if (!IsUnsafe(c) || (keepLineBreaks && c == '\n'))
            {
                escaped.Append(c);
                continue;
            }
            escaped.Append(c switch
            {
                '\n' => @"\n",
                '\r' => @"\r",
                '\u001b' => @"\e",
                '\0' => @"\0",
                < '\u0100' => "\\x" + ((int)c).ToString("X2", CultureInfo.InvariantCulture),
                _ => "\\u" + ((int)c).ToString("X4", CultureInfo.InvariantCulture),
            });
        }
        return escaped.ToString();
    }

    /// <summary>A short excerpt of untrusted text for a message ("the text '…'"): at most <paramref name="maxLength"/> characters, escaped.</summary>
    public static string Excerpt(string? text, int maxLength = 24)
    {
        text ??= "";
        var cut = text.Length > maxLength ? text[..maxLength] : text;
        if (cut.Length > 0 && char.IsHighSurrogate(cut[^1])) cut = cut[..^1];
        return Escape(cut) + (cut.Length < text.Length ? "…" : "");
    }

    public static bool HasUnsafe(string? text) => text is not null && IndexOfUnsafe(text, keepLineBreaks: false) >= 0;

    private static int IndexOfUnsafe(string text, bool keepLineBreaks)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1])) i++;
            else if (IsUnsafe(text[i]) && !(keepLineBreaks && text[i] == '\n')) return i;
        }
        return -1;
    }

    /// <summary>
    /// Tab is kept: it moves to the next column but cannot hide or rewrite anything. A surrogate reaching this test
    /// is unpaired, and U+FFFE/U+FFFF are not characters: neither can be printed, nor written to XML.
    /// </summary>
    private static bool IsUnsafe(char c) =>
        char.IsSurrogate(c) || c is '\uFFFE' or '\uFFFF' ||
        (c < ' ' && c != '\t')
        || c is >= '\u007F' and <= '\u009F'
        || c is '\u061C' or '\u200E' or '\u200F' or '\u2028' or '\u2029'
        || c is >= '\u202A' and <= '\u202E'
        || c is >= '\u2066' and <= '\u2069';
}
