using PolicyEngine.Cli;

return await CommandLineHost.RunAsync(CliApp.CreateRootCommand(), args);
