using VirtSriov.Cli;

return await CliApp.Build().Parse(args).InvokeAsync();
