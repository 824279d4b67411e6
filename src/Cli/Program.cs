namespace VirtSriov.Cli;

/// <summary>The <c>virtsriov</c> entry point (a named class, so that the dashboard can reference this assembly).</summary>
internal static class Program
{
    public static Task<int> Main(string[] args) => CliApp.Build().Parse(args).InvokeAsync();
}
