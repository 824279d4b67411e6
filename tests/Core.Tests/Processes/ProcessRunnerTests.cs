using VirtSriov.Core.Processes;
using Xunit;

namespace VirtSriov.Core.Tests.Processes;

public sealed class ProcessRunnerTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task RunAsync_WithInput_TheProgramReadsItThenEndOfFile()
    {
        var input = string.Concat(Enumerable.Range(0, 20_000).Select(i => $"line {i} it's $(id)\n")); // more than a pipe holds

        var echoed = await new ProcessRunner().RunAsync("cat", [], input, Token).WaitAsync(Timeout, Token);

        Assert.Equal((0, input), (echoed.ExitCode, echoed.StandardOutput));
    }

    [Fact]
    public async Task RunAsync_WithoutInput_AProgramThatReadsItSeesEndOfFile()
    {
        var result = await new ProcessRunner().RunAsync("cat", [], Token).WaitAsync(Timeout, Token);

        Assert.Equal((0, ""), (result.ExitCode, result.StandardOutput));
    }

    [Fact]
    public async Task RunAsync_ProgramExitsWithoutReadingItsInput_ReportsItsExitCode()
    {
        var result = await new ProcessRunner().RunAsync("sh", ["-c", "exit 3"], new string('x', 1_000_000), Token).WaitAsync(Timeout, Token);

        Assert.Equal(3, result.ExitCode);
    }
}
