namespace PolicyEngine.Tests;

/// <summary>Finds files of the repository from a test's output folder; linked into every test project.</summary>
internal static class Repo
{
    public static string Root { get; } = FindRoot();

    public static string Path(string relative) => System.IO.Path.Combine(Root, relative);

    private static string FindRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(System.IO.Path.Combine(directory.FullName, "PolicyEngine.sln")))
            directory = directory.Parent;
        return directory?.FullName ?? throw new InvalidOperationException("PolicyEngine.sln not found above " + AppContext.BaseDirectory);
    }
}
