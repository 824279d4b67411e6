using System.Text.Json;
using VirtSriov.Cli;

namespace VirtSriov.Web.Tests.Cli;

/// <summary>Runs the <c>virtsriov</c> command line in this process and keeps what it printed.</summary>
internal static class CliInvocation
{
    public static async Task<CliResult> RunAsync(string[] args, CancellationToken ct)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exitCode = await CliApp.Build().Parse(args).InvokeAsync(new() { Output = output, Error = error }, ct);
        return new CliResult(exitCode, output.ToString(), error.ToString());
    }
}

internal sealed record CliResult(int ExitCode, string Output, string Error)
{
    public JsonElement Json => Output.Length > 0
        ? JsonDocument.Parse(Output).RootElement
        : throw new InvalidOperationException($"The command printed nothing (exit code {ExitCode}): {Error}");

    public IReadOnlyList<string> Lines => Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
