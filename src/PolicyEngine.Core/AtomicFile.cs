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
        private readonly FileStream _file;

        public PendingFile(string path)
        {
            _path = Path.GetFullPath(path);
            var directory = Path.GetDirectoryName(_path)!;
            Directory.CreateDirectory(directory);
            _temp = Path.Combine(directory, $".{Path.GetFileName(_path)}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");
            _file = new FileStream(_temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 1 << 16);
            Stream = new WritebackStream(_file);
        }

        public WritebackStream Stream { get; }

        /// <summary>On disk, then in place: a crash leaves the old file or the whole new one.</summary>
        public void Commit()
        {
            Stream.FlushToDisk();
            _file.Dispose();
            File.Move(_temp, _path, overwrite: true);
        }

        public void Dispose()
        {
            Stream.Dispose();
            if (File.Exists(_temp)) File.Delete(_temp);
        }
    }

    /// <summary>
    /// Writes to the file and, every <see cref="WritebackBytes"/>, has what is written so far put on disk in the
    /// background, so that the flush a commit waits for holds only the last part: a 48 MB report's single flush at the
    /// end took as long as writing it.
    /// </summary>
    private sealed class WritebackStream(FileStream file) : Stream
    {
        private const long WritebackBytes = 8 << 20;

        private long _sinceWriteback;
        private Task _writeback = Task.CompletedTask;

        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            file.Write(buffer);
            _sinceWriteback += buffer.Length;
            if (_sinceWriteback < WritebackBytes || !_writeback.IsCompleted) return;
            _writeback.GetAwaiter().GetResult(); // a failed writeback fails the write
            file.Flush(flushToDisk: false);
            _sinceWriteback = 0;
            var handle = file.SafeFileHandle;
            _writeback = Task.Run(() => RandomAccess.FlushToDisk(handle));
        }

        public override void Flush() => file.Flush();

        /// <summary>Everything written is on disk when this returns.</summary>
        public void FlushToDisk()
        {
            _writeback.GetAwaiter().GetResult();
            file.Flush(flushToDisk: true);
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                // The file is closed only once no writeback uses its handle; a failed one no longer matters.
                try { _writeback.Wait(); } catch (AggregateException) { }
                file.Dispose();
            }
            base.Dispose(disposing);
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
    }

    public static void WriteAllText(string path, string content) =>
        WriteAllBytes(path, System.Text.Encoding.UTF8.GetBytes(content));
}
