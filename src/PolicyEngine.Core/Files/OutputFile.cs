namespace PolicyEngine.Core.Files;

/// <summary>
/// Checks, before anything is evaluated or written, that a path can take a file (a report, a snapshot, a dry
/// run) or a folder of pages: not an existing folder (or file), device, pipe or socket, and under a parent that is a
/// folder or can be created as one. Each returns a message saying what is wrong and how to fix it, or null.
/// </summary>
public static class OutputFile
{
    /// <summary>Why a file cannot be written at <paramref name="path"/>, or null when it can (as far as can be known without writing).</summary>
    public static string? Problem(string path)
    {
        if (Invalid(path) is { } invalid) return invalid;
        if (InputFile.Exists(path) && Existing(path) is { } kind)
            return kind == "a folder"
                ? $"'{path}' is a folder; name a file inside it instead."
                : $"'{path}' is {kind}, not a regular file; write to a regular file, or leave the path out to write to stdout.";
        return ParentProblem(path);
    }

    /// <summary>Why a folder of files cannot be written at <paramref name="path"/>, or null when it can.</summary>
    public static string? FolderProblem(string path)
    {
        if (Invalid(path) is { } invalid) return invalid;
        if (InputFile.Exists(path) && Existing(path) is var kind && kind != "a folder")
            return $"'{path}' is {kind ?? "a file"}, not a folder; name a folder (it is created when missing).";
        return ParentProblem(path);
    }

    private static string? Invalid(string path)
    {
        if (string.IsNullOrWhiteSpace(path)) return "The output path is empty.";
        try
        {
            Path.GetFullPath(path);
            return path.Contains('\0') ? $"'{path}' is not a valid path." : null;
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException or PathTooLongException)
        {
            return $"'{path}' is not a valid path: {e.Message}";
        }
    }

    /// <summary>The kind of what is at the path, following links as writing would; null for a regular file.</summary>
    private static string? Existing(string path)
    {
        try
        {
            return InputFile.Kind(InputFile.RealPath(path));
        }
        catch (Exception e) when (e is IOException or InputFileException)
        {
            return "a broken link";
        }
    }

    /// <summary>The nearest existing ancestor must be a folder: missing folders are created, a file in the way is not replaced.</summary>
    private static string? ParentProblem(string path)
    {
        var parent = Path.GetDirectoryName(Path.GetFullPath(path));
        while (parent is not null && !InputFile.Exists(parent)) parent = Path.GetDirectoryName(parent);
        if (parent is null || Existing(parent) == "a folder") return null;
        return $"'{path}' cannot be written: '{parent}' is a file, not a folder.";
    }
}
