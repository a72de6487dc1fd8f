using System.Runtime.InteropServices;
using System.Text;

namespace PolicyEngine.Core.Files;

/// <summary>Why an input file was refused.</summary>
public enum InputProblem
{
    NotFound,
    NotRegularFile,
    LinkLeavesFolder,
    TooLarge,
    Unreadable,
}

/// <summary>An input file that was refused before or while reading; the message says what and how to fix it, never the content.</summary>
public sealed class InputFileException(string path, InputProblem problem, string message) : Exception(message)
{
    public string Path { get; } = path;
    public InputProblem Problem { get; } = problem;
}

/// <summary>
/// The one way PolicyEngine reads a file it is given (rules, rule tests, configuration, attestations, snapshots,
/// baselines, results, reporter assemblies). Every such file is untrusted, so before anything is opened:
/// the path must name a regular file (a folder, device, named pipe or socket is refused by its type, read with
/// lstat, so /dev/zero cannot exhaust memory and a FIFO cannot hang the run); a symbolic link is followed only
/// when its final target stays inside the folder it was found in (the rules folder, or the folder holding the
/// named file), so a link cannot make the job read and echo a file from elsewhere. Reading stops one byte past
/// the size limit and gives up after a time limit, so a file swapped between the check and the read still
/// cannot do either.
/// </summary>
public static class InputFile
{
    public static readonly TimeSpan ReadTimeout = TimeSpan.FromSeconds(30);

    private const int MaxLinkHops = 40;

    /// <summary>Reads a file whole, within <paramref name="maxBytes"/>.</summary>
    /// <param name="linkRoot">The folder a symbolic link must stay inside; default: the folder that holds <paramref name="path"/>.</param>
    /// <exception cref="InputFileException">The file is missing, not a regular file, a link leaving its folder, too large or unreadable.</exception>
    public static byte[] ReadBytes(string path, long maxBytes, string? linkRoot = null)
    {
        var target = Check(path, linkRoot);
        var reading = Task.Run(() => ReadCapped(path, target, maxBytes));
        try
        {
            if (!reading.Wait(ReadTimeout))
                throw new InputFileException(path, InputProblem.Unreadable, $"'{path}' could not be read within {ReadTimeout.TotalSeconds:0} seconds.");
            return reading.Result;
        }
        catch (AggregateException e) when (e.InnerException is InputFileException inner)
        {
            throw inner;
        }
    }

    /// <summary>Reads a text file (UTF-8, with or without a byte-order mark); bytes that are not UTF-8 text are refused, not echoed.</summary>
    public static string ReadText(string path, long maxBytes, string? linkRoot = null)
    {
        var bytes = ReadBytes(path, maxBytes, linkRoot);
        try
        {
            var text = StrictUtf8.GetString(bytes);
            if (text.Length > 0 && text[0] == '\uFEFF') text = text[1..];
            if (text.Contains('\0'))
                throw new InputFileException(path, InputProblem.Unreadable, $"'{path}' contains NUL bytes: it is not a text file.");
            return text;
        }
        catch (DecoderFallbackException)
        {
            throw new InputFileException(path, InputProblem.Unreadable, $"'{path}' is not UTF-8 text.");
        }
    }

    /// <summary>Whether anything is at the path: a file, a folder, a device, or a link, even one whose target is missing.</summary>
    public static bool Exists(string path) => Path.Exists(path) || new FileInfo(path).LinkTarget is not null;

    /// <summary>Checks that <paramref name="path"/> names a regular file that may be read, without opening it; returns the file the path resolves to.</summary>
    public static string Check(string path, string? linkRoot = null)
    {
        var full = Path.GetFullPath(path);
        if (!Exists(full))
            throw new InputFileException(path, InputProblem.NotFound, $"'{path}' does not exist.");
        string target;
        try
        {
            target = RealPath(full);
        }
        catch (IOException e)
        {
            throw new InputFileException(path, InputProblem.Unreadable, $"'{path}' cannot be resolved: {e.Message}");
        }
        if (!string.Equals(target, full, PathComparison))
        {
            var root = RealPath(Path.GetFullPath(linkRoot ?? Path.GetDirectoryName(full)!));
            if (!IsInside(target, root))
                throw new InputFileException(path, InputProblem.LinkLeavesFolder,
                    $"'{path}' is a symbolic link to '{target}', outside '{root}'; links are followed only within that folder. Name the file itself, or copy it into the folder.");
        }
        if (!Path.Exists(target))
            throw new InputFileException(path, InputProblem.NotFound, $"'{path}' is a symbolic link to '{target}', which does not exist.");
        if (Kind(target) is { } kind)
            throw new InputFileException(path, InputProblem.NotRegularFile, $"'{path}' is {kind}, not a regular file.");
        return target;
    }

    /// <summary>What a path is when it is not a regular file ("a folder", "a device", …), or null for a regular file. Never opens it.</summary>
    public static string? Kind(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            var attributes = File.GetAttributes(path);
            return attributes.HasFlag(FileAttributes.Directory) ? "a folder" : attributes.HasFlag(FileAttributes.Device) ? "a device" : null;
        }
        var status = new byte[256];
        if (LStat(path, status) != 0)
            throw new InputFileException(path, InputProblem.Unreadable, $"'{path}' cannot be examined (error {Marshal.GetLastPInvokeError()}).");
        // The runtime's portable stat shim: Flags, then Mode with the S_IF* type bits.
        return (BitConverter.ToInt32(status, 4) & 0xF000) switch
        {
            0x8000 => null,
            0x4000 => "a folder",
            0x2000 or 0x6000 => "a device",
            0x1000 => "a named pipe (FIFO)",
            0xC000 => "a socket",
            0xA000 => "a symbolic link",
            _ => "not a regular file",
        };
    }

    /// <summary>
    /// The files of a folder and its subfolders whose names match one of <paramref name="patterns"/> ("*.yaml"),
    /// sorted. Linked subfolders are not walked into (a link back up would loop forever): one whose target lies
    /// inside the folder is already walked through its real path, one that leads outside is listed itself, so that
    /// reading it reports the link instead of rules vanishing silently. Files that are links are listed; reading
    /// them applies the gateway's checks with the folder as the link root.
    /// </summary>
    public static IReadOnlyList<string> FindFiles(string directory, params string[] patterns)
    {
        var root = RealPath(directory);
        var found = new List<string>();
        var pending = new Stack<string>([directory]);
        var options = new EnumerationOptions { AttributesToSkip = 0, IgnoreInaccessible = true, RecurseSubdirectories = false };
        while (pending.TryPop(out var folder))
        {
            foreach (var entry in new DirectoryInfo(folder).EnumerateFileSystemInfos("*", options))
            {
                // Paths keep the form the folder was given in (relative stays relative), as messages print them.
                var path = Path.Join(folder, entry.Name);
                if (entry is DirectoryInfo { LinkTarget: not null })
                {
                    if (!IsInside(RealPath(path), root)) found.Add(path);
                }
                else if (entry is DirectoryInfo)
                {
                    pending.Push(path);
                }
                else if (patterns.Any(pattern => System.IO.Enumeration.FileSystemName.MatchesSimpleExpression(pattern, entry.Name)))
                {
                    found.Add(path);
                }
            }
        }
        found.Sort(StringComparer.Ordinal);
        return found;
    }

    /// <summary>True when <paramref name="path"/> (already resolved) is <paramref name="folder"/> or lies below it.</summary>
    public static bool IsInside(string path, string folder)
    {
        var prefix = folder.EndsWith(Path.DirectorySeparatorChar) ? folder : folder + Path.DirectorySeparatorChar;
        return path.StartsWith(prefix, PathComparison) || string.Equals(path, folder, PathComparison);
    }

    /// <summary>The absolute path with every symbolic link resolved, as realpath(3) gives it.</summary>
    public static string RealPath(string path)
    {
        var hops = 0;
        var resolved = "";
        var pending = new Stack<string>();
        void Enqueue(string absolute)
        {
            resolved = Path.GetPathRoot(absolute)!;
            foreach (var piece in absolute[resolved.Length..].Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries).Reverse())
                pending.Push(piece);
        }
        Enqueue(Path.GetFullPath(path));
        while (pending.TryPop(out var part))
        {
            var next = Path.Combine(resolved, part);
            if (new FileInfo(next).LinkTarget is not { } link)
            {
                resolved = next;
                continue;
            }
            if (++hops > MaxLinkHops) throw new IOException("too many levels of symbolic links");
            var absolute = Path.GetFullPath(link, resolved);
            Enqueue(absolute); // the target's parts go before the parts still to resolve
        }
        return resolved;
    }

    private static byte[] ReadCapped(string path, string target, long maxBytes)
    {
        try
        {
            using var stream = new FileStream(target, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1, FileOptions.SequentialScan);
            if (stream.Length > maxBytes) throw TooLarge(path, stream.Length.ToString(System.Globalization.CultureInfo.InvariantCulture), maxBytes);
            // Sized for the file as it is now: one allocation, and no copy when it still has that size at the end.
            var buffer = new MemoryStream((int)Math.Min(Math.Min(stream.Length, maxBytes), Array.MaxLength));
            var chunk = new byte[81920];
            int read;
            while ((read = stream.Read(chunk, 0, (int)Math.Min(chunk.Length, maxBytes + 1 - buffer.Length))) > 0)
            {
                buffer.Write(chunk, 0, read);
                if (buffer.Length > maxBytes) throw TooLarge(path, $"more than {maxBytes}", maxBytes);
            }
            return buffer.Length == buffer.Capacity ? buffer.GetBuffer() : buffer.ToArray();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InputFileException(path, InputProblem.Unreadable, $"'{path}' cannot be read: {e.Message}");
        }
    }

    private static InputFileException TooLarge(string path, string size, long maxBytes) =>
        new(path, InputProblem.TooLarge, $"'{path}' is {size} bytes; this kind of file is limited to {maxBytes} bytes.");

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private static StringComparison PathComparison => OperatingSystem.IsWindows() || OperatingSystem.IsMacOS() ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;

    // lstat through the runtime's own portable shim (libSystem.Native ships with every .NET runtime): it reports the
    // file type without opening the file, which .NET's public API cannot do.
    [DllImport("libSystem.Native", EntryPoint = "SystemNative_LStat", SetLastError = true)]
    private static extern int LStat([MarshalAs(UnmanagedType.LPUTF8Str)] string path, byte[] status);
}
