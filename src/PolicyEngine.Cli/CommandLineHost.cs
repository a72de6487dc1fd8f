using System.CommandLine;
using PolicyEngine.Core.Files;
using PolicyEngine.Core.Security;
using PolicyEngine.Core.Snapshots;
using PolicyEngine.Core.Text;
using PolicyEngine.Diagnostics;

namespace PolicyEngine.Cli;

/// <summary>Runs the command line: argument errors and user errors exit with 2 and a message, never a stack trace.</summary>
public static class CommandLineHost
{
    public static async Task<int> RunAsync(RootCommand root, string[] args)
    {
        // Everything the process prints (logs in either format, errors, reports) passes the secret redactor.
        RedactingTextWriter.InstallOnConsole();
        var parseResult = root.Parse(args);
        if (parseResult.Errors.Count > 0 && parseResult.Action is not System.CommandLine.Help.HelpAction)
        {
            foreach (var error in parseResult.Errors)
                PrintError(error.Message);
            Console.Error.WriteLine("Run 'policy-engine --help' for usage.");
            return ExitCodes.BadInput;
        }
        using var cancellation = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) => { e.Cancel = true; cancellation.Cancel(); };
        try
        {
            return await parseResult.InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false }, cancellation.Token);
        }
        catch (InputFileException refused)
        {
            DiagnosticPrinter.Print([DiagnosticDescriptors.ForInput(refused, SourceLocation.FileOnly(refused.Path))]);
            return ExitCodes.BadInput;
        }
        catch (Exception e) when (e is UsageException or SnapshotException or PolicyEngine.Reporting.ReporterException or PolicyEngine.Reporting.Reporters.JsonReportException
                                      or PolicyEngine.Aws.Http.AwsSettingException)
        {
            PrintError(e.Message);
            return ExitCodes.BadInput;
        }
        catch (Exception e) when (e is PolicyEngine.Aws.Collection.AwsCollectionException or PolicyEngine.Aws.Http.AwsServiceException or Amazon.Runtime.AmazonClientException)
        {
            PrintError(e.Message);
            return ExitCodes.Incomplete;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Paths are checked before work starts; what remains is the file system failing under us (permissions, a full disk).
            PrintError(e.Message);
            return ExitCodes.Incomplete;
        }
        catch (OperationCanceledException)
        {
            Console.Error.WriteLine("Cancelled.");
            return 130;
        }
        catch (Exception e)
        {
            // A last resort: a defect of ours still ends with one line (redacted and escaped like all output), not a stack trace.
            PrintError($"internal error ({e.GetType().Name}): {e.Message} This is a defect in PolicyEngine; please report it with the command line that caused it.");
            return ExitCodes.InternalError;
        }
    }

    /// <summary>Messages may quote untrusted input (a path, a value from a file), so they are escaped like every other output.</summary>
    private static void PrintError(string message) => Console.Error.WriteLine($"error: {UntrustedText.Escape(message)}");
}
