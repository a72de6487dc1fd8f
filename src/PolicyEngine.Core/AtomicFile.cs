using PolicyEngine.Core.Security;

namespace PolicyEngine.Core;

/// <summary>
/// Writes files so that a reader sees either the old content or the whole new content, never a part. Every file the
/// tool writes (snapshots, reports, dry runs) goes through here, so this is where secrets are kept out of files.
/// </summary>
public static class AtomicFile
{
    public static void WriteAllBytes(string path, ReadOnlySpan<byte> content)
    {
        if (SecretRedactor.HasSecrets) content = SecretRedactor.Redact(content.ToArray());
        using var file = new PendingFile(path);
        file.Stream.Write(content);
        file.Commit();
    }

    /// <summary>
    /// Writes what <paramref name="write"/> produces straight to the file, so a large report is never held whole in
    /// memory. With secrets registered the content is buffered and redacted first: a secret can straddle two writes.
    /// </summary>
    public static void Write(string path, Action<Stream> write)
    {
        if (SecretRedactor.HasSecrets)
        {
            using var buffer = new MemoryStream();
            write(buffer);
            WriteAllBytes(path, buffer.GetBuffer().AsSpan(0, (int)buffer.Length));
            return;
        }
        using var file = new PendingFile(path);
        write(file.Stream);
        file.Commit();
    }

    /// <summary>A temporary file beside the target; committing moves it into place, disposing without it deletes it.</summary>
    private sealed class PendingFile : IDisposable
    {
        private readonly string _path;
        private readonly string _temp;

        public PendingFile(string path)
        {
            _path = Path.GetFullPath(path);
            var directory = Path.GetDirectoryName(_path)!;
            Directory.CreateDirectory(directory);
            _temp = Path.Combine(directory, $".{Path.GetFileName(_path)}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");
            Stream = new FileStream(_temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 1 << 16);
        }

        public FileStream Stream { get; }

        public void Commit()
        {
            Stream.Flush(flushToDisk: true);
            Stream.Dispose();
            File.Move(_temp, _path, overwrite: true);
        }

        public void Dispose()
        {
            Stream.Dispose();
            if (File.Exists(_temp)) File.Delete(_temp);
        }
    }

    public static void WriteAllText(string path, string content) =>
        WriteAllBytes(path, System.Text.Encoding.UTF8.GetBytes(content));
}
