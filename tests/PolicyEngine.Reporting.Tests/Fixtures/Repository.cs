namespace PolicyEngine.Reporting.Tests.Fixtures;

public static class Repository
{
    /// <summary>The repository root: the nearest folder above the test binaries that holds PolicyEngine.sln.</summary>
    public static string Root { get; } = FindRoot();

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "PolicyEngine.sln"))) return dir.FullName;
        throw new InvalidOperationException("PolicyEngine.sln not found above " + AppContext.BaseDirectory);
    }

    public static string TempDirectory()
    {
        var path = Path.Combine(Path.GetTempPath(), "pe-reporting-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(path);
        return path;
    }
}
