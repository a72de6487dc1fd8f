using System.Net;
using System.Security;
using System.Text.Json;
using PolicyEngine.Core;
using PolicyEngine.Core.Security;

namespace PolicyEngine.Core.Tests;

public sealed class SecretRedactorTests
{
    // Canaries of this test class only: the register is process-wide, so other tests' values are not disturbed.
    private const string Key = "AKIACANARYREDACTOR01";
    private const string Secret = "cAnary/Secret+Key=Redactor/0000000000001";
    private const string Token = "IQoJcanary//token+with/Slashes==AndPlus+RedactorTest0001";

    public SecretRedactorTests() => SecretRedactor.Register(Key, Secret, Token);

    public static TheoryData<string, string> Encodings => new()
    {
        { "raw", Token },
        { "JSON (System.Text.Json)", JsonSerializer.Serialize(Token) },
        { "JSON with escaped solidus", Token.Replace("/", "\\/") },
        { "JSON, lower-case \\u", JsonSerializer.Serialize(Token).Replace("\\u002B", "\\u002b") },
        { "percent-encoded", Uri.EscapeDataString(Token) },
        { "percent-encoded, lower-case hex", Uri.EscapeDataString(Token).Replace("%2F", "%2f").Replace("%2B", "%2b").Replace("%3D", "%3d") },
        { "percent-encoded twice", Uri.EscapeDataString(Uri.EscapeDataString(Token)) },
        { "form-encoded", WebUtility.UrlEncode(Token) },
        { "form-decoded (+ as space)", Token.Replace('+', ' ') },
        { "XML escaped", SecurityElement.Escape(Token)! },
        { "HTML character references", Token.Replace("+", "&#43;").Replace("/", "&#x2F;") },
        { "percent-encoded inside JSON", JsonSerializer.Serialize(Uri.EscapeDataString(Token)) },
    };

    [Theory]
    [MemberData(nameof(Encodings))]
    public void A_secret_is_masked_in_every_encoding(string encoding, string copy)
    {
        var text = $"proxy error ({encoding}): you sent X-Amz-Security-Token: {copy} and more";

        var redacted = SecretRedactor.Redact(text);

        Assert.DoesNotContain(copy, redacted);
        Assert.Contains(SecretRedactor.Mask, redacted);
        Assert.StartsWith("proxy error", redacted);
        Assert.EndsWith("and more", redacted);
    }

    [Fact]
    public void Keys_and_secret_keys_are_masked_and_ordinary_text_is_left_alone()
    {
        var text = $"Credential={Key}/20261127/eu-west-1/iam/aws4_request secret {Secret} in AKIACANARY and Secret+Key";

        var redacted = SecretRedactor.Redact(text);

        Assert.Equal($"Credential={SecretRedactor.Mask}/20261127/eu-west-1/iam/aws4_request secret {SecretRedactor.Mask} in AKIACANARY and Secret+Key", redacted);
    }

    [Fact]
    public void Short_values_are_not_taken_for_secrets()
    {
        SecretRedactor.Register("testing", "", null);

        Assert.Equal("testing the redactor", SecretRedactor.Redact("testing the redactor"));
    }

    [Fact]
    public void A_console_stream_is_redacted_even_when_written_one_character_at_a_time()
    {
        var inner = new StringWriter();
        using var writer = new RedactingTextWriter(inner);

        foreach (var c in $"token {Token}\n") writer.Write(c);
        writer.Write($"json {JsonSerializer.Serialize(new { token = Token })}");
        writer.WriteLine();
        writer.Flush();

        Assert.DoesNotContain("canary", inner.ToString(), StringComparison.OrdinalIgnoreCase);
        Assert.Equal(2, inner.ToString().Split(SecretRedactor.Mask).Length - 1);
    }

    [Fact]
    public void Files_written_atomically_are_redacted()
    {
        var path = Path.Combine(Path.GetTempPath(), $"redactor-{Guid.NewGuid():N}.json");
        try
        {
            AtomicFile.WriteAllText(path, JsonSerializer.Serialize(new { message = $"echo {Token} {Uri.EscapeDataString(Secret)}" }));

            var written = File.ReadAllText(path);
            Assert.DoesNotContain("anary", written, StringComparison.OrdinalIgnoreCase);
            Assert.Contains(SecretRedactor.Mask, written);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void A_file_streamed_in_pieces_is_redacted_even_where_a_secret_straddles_two_writes()
    {
        var path = Path.Combine(Path.GetTempPath(), $"redactor-{Guid.NewGuid():N}.json");
        try
        {
            AtomicFile.Write(path, stream =>
            {
                stream.Write(System.Text.Encoding.UTF8.GetBytes("{\"echo\": \"" + Secret[..10]));
                stream.Write(System.Text.Encoding.UTF8.GetBytes(Secret[10..] + "\"}"));
            });

            var written = File.ReadAllText(path);
            Assert.DoesNotContain("anary", written, StringComparison.OrdinalIgnoreCase);
            Assert.Equal($"{{\"echo\": \"{SecretRedactor.Mask}\"}}", written);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
