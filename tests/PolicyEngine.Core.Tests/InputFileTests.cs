using System.Diagnostics;
using System.Text;
using PolicyEngine.Core.Files;

namespace PolicyEngine.Core.Tests;

/// <summary>The one gateway every input file goes through: only regular files, links only within their folder, bounded size and time.</summary>
public sealed class InputFileTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("policyengine-input-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private string Write(string relative, string content)
    {
        var path = Path.Combine(_root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
        return path;
    }

    private static InputFileException Refused(Action read) => Assert.Throws<InputFileException>(read);

    [Fact]
    public void A_regular_file_is_read()
    {
        var path = Write("a.yaml", "\uFEFFid: MA0001\n");
        Assert.Equal("id: MA0001\n", InputFile.ReadText(path, 1024));
    }

    [Fact]
    public void A_device_is_refused_by_its_type_without_being_read()
    {
        if (OperatingSystem.IsWindows()) return;
        var watch = Stopwatch.StartNew();
        var error = Refused(() => InputFile.ReadBytes("/dev/zero", 1 << 20));
        Assert.Equal(InputProblem.NotRegularFile, error.Problem);
        Assert.Contains("is a device", error.Message);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task A_named_pipe_is_refused_without_being_opened()
    {
        if (OperatingSystem.IsWindows()) return;
        var fifo = Path.Combine(_root, "facts.json");
        await Process.Start("mkfifo", [fifo])!.WaitForExitAsync();
        // Opening a FIFO for reading blocks until a writer appears: the check must come first.
        var error = await Task.Run(() => Refused(() => InputFile.ReadBytes(fifo, 1024))).WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(InputProblem.NotRegularFile, error.Problem);
        Assert.Contains("named pipe", error.Message);
    }

    [Fact]
    public void A_folder_and_a_missing_file_are_refused()
    {
        Assert.Equal(InputProblem.NotRegularFile, Refused(() => InputFile.ReadBytes(_root, 1024)).Problem);
        Assert.Equal(InputProblem.NotFound, Refused(() => InputFile.ReadBytes(Path.Combine(_root, "nope.json"), 1024)).Problem);
    }

    [Fact]
    public void A_link_is_followed_only_when_its_target_stays_inside_its_folder()
    {
        var secret = Write("outside/secret.txt", "root:x:0:0:root:/root:/bin/bash");
        var inside = Write("rules/real.yaml", "id: MA0001");
        var goodLink = Path.Combine(_root, "rules", "link.yaml");
        File.CreateSymbolicLink(goodLink, "real.yaml");
        var badLink = Path.Combine(_root, "rules", "evil.yaml");
        File.CreateSymbolicLink(badLink, secret);

        Assert.Equal("id: MA0001", InputFile.ReadText(goodLink, 1024));
        var error = Refused(() => InputFile.ReadText(badLink, 1024));
        Assert.Equal(InputProblem.LinkLeavesFolder, error.Problem);
        Assert.DoesNotContain("root:x", error.Message);
        // A link into a subfolder of the given root is inside it.
        var nested = Path.Combine(_root, "rules", "sub");
        Directory.CreateDirectory(nested);
        var up = Path.Combine(nested, "up.yaml");
        File.CreateSymbolicLink(up, inside);
        Assert.Equal(InputProblem.LinkLeavesFolder, Refused(() => InputFile.ReadText(up, 1024)).Problem);
        Assert.Equal("id: MA0001", InputFile.ReadText(up, 1024, linkRoot: Path.Combine(_root, "rules")));
    }

    [Fact]
    public void A_file_over_the_limit_and_a_file_that_is_not_text_are_refused_without_echoing_content()
    {
        var big = Write("big.yaml", new string('a', 5000));
        var error = Refused(() => InputFile.ReadText(big, 4096));
        Assert.Equal(InputProblem.TooLarge, error.Problem);
        Assert.Contains("5000 bytes", error.Message);

        var binary = Path.Combine(_root, "binary.yaml");
        File.WriteAllBytes(binary, [0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0xff, 0xfe, 0x00]);
        var notText = Refused(() => InputFile.ReadText(binary, 4096));
        Assert.Equal(InputProblem.Unreadable, notText.Problem);
        Assert.DoesNotContain("ELF", notText.Message);

        var nul = Write("nul.yaml", "id: MA0001\0");
        Assert.Contains("NUL", Refused(() => InputFile.ReadText(nul, 4096)).Message);
    }

    [Fact]
    public void Finding_files_does_not_loop_through_links_and_lists_links_that_leave_the_folder()
    {
        Write("rules/mfa/a.yaml", "");
        Write("rules/mfa/a.tests.yaml", "");
        Write("rules/b.yml", "");
        Write("outside/c.yaml", "");
        Directory.CreateSymbolicLink(Path.Combine(_root, "rules", "mfa", "loop"), Path.Combine(_root, "rules"));
        Directory.CreateSymbolicLink(Path.Combine(_root, "rules", "elsewhere"), Path.Combine(_root, "outside"));
        var rules = Path.Combine(_root, "rules");

        var found = InputFile.FindFiles(rules, "*.yaml", "*.yml").Select(f => Path.GetRelativePath(rules, f).Replace('\\', '/')).ToList();

        Assert.Equal(["b.yml", "elsewhere", "mfa/a.tests.yaml", "mfa/a.yaml"], found);
        Assert.Equal(InputProblem.LinkLeavesFolder, Refused(() => InputFile.ReadText(Path.Combine(rules, "elsewhere"), 1024, rules)).Problem);
    }

    [Fact]
    public void Real_paths_resolve_every_link_on_the_way()
    {
        var target = Write("real/dir/file.txt", "x");
        Directory.CreateSymbolicLink(Path.Combine(_root, "alias"), Path.Combine(_root, "real"));
        File.CreateSymbolicLink(Path.Combine(_root, "real", "dir", "f2"), "../dir/file.txt");
        Assert.Equal(InputFile.RealPath(target), InputFile.RealPath(Path.Combine(_root, "alias", "dir", "f2")));
    }

    [Fact]
    public void Output_paths_that_cannot_take_a_file_are_named_before_anything_is_written()
    {
        var file = Write("file.txt", "x");
        Assert.Null(OutputFile.Problem(Path.Combine(_root, "new", "deeper", "report.json")));
        Assert.Contains("is a folder", OutputFile.Problem(_root));
        Assert.Contains("is a file, not a folder", OutputFile.Problem(Path.Combine(file, "report.json")));
        Assert.Contains("is a file, not a folder", OutputFile.Problem(Path.Combine(file, "a", "b.json")));
        Assert.Contains("not a folder", OutputFile.FolderProblem(file));
        Assert.Null(OutputFile.FolderProblem(_root));
        if (!OperatingSystem.IsWindows()) Assert.Contains("is a device", OutputFile.Problem("/dev/null"));
        Assert.Contains("empty", OutputFile.Problem(" "));
        Assert.False(File.Exists(Path.Combine(_root, "new")));
        Assert.False(Directory.Exists(Path.Combine(_root, "new")));
    }
}
