namespace PolicyEngine.Core.Tests;

/// <summary>Large files are put on disk while they are written; what lands must still be exactly what was written, or nothing.</summary>
public sealed class AtomicFileTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("atomic-").FullName;

    private string Target => Path.Combine(_directory, "report.json");

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private static byte[] Content(int length)
    {
        var bytes = new byte[length];
        new Random(7).NextBytes(bytes);
        return bytes;
    }

    [Fact]
    public void A_file_many_times_the_writeback_size_written_in_uneven_pieces_lands_whole()
    {
        var content = Content(37 << 20);

        AtomicFile.Write(Target, stream =>
        {
            for (var at = 0; at < content.Length;)
            {
                var piece = Math.Min(content.Length - at, 1 + at % 700_001);
                stream.Write(content, at, piece);
                at += piece;
            }
        });

        Assert.True(content.AsSpan().SequenceEqual(File.ReadAllBytes(Target)));
        Assert.Equal([Target], Directory.GetFiles(_directory));
    }

    [Theory]
    [InlineData(8)] // before any writeback
    [InlineData(20 << 20)] // after writebacks began
    public void A_streamed_write_that_fails_leaves_the_old_file_and_no_temporary_file(int written)
    {
        File.WriteAllText(Target, "old");

        Assert.Throws<IOException>(() => AtomicFile.Write(Target, stream =>
        {
            stream.Write(Content(written));
            throw new IOException("disk full");
        }));

        Assert.Equal("old", File.ReadAllText(Target));
        Assert.Equal([Target], Directory.GetFiles(_directory));
    }
}
