using VirtSriov.Core.Host;
using VirtSriov.Core.Processes;
using VirtSriov.TestDoubles;
using Xunit;

namespace VirtSriov.Core.Tests.Host;

/// <summary><c>ip -batch -</c> through the real runner and this machine's real iproute2 (read-only commands on lo).</summary>
public sealed class IpCommandTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task BatchAsync_RealIp_ReturnsTheOutputOfEveryCommandInOrder()
    {
        var output = await IpCommand.BatchAsync(new ProcessRunner(), [["link", "show", "dev", "lo"], ["link", "show", "lo"]], Token).WaitAsync(Timeout, Token);

        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(4, lines.Length);
        Assert.Equal(2, lines.Count(line => line.Contains(": lo: <LOOPBACK", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task BatchAsync_RealIpRefusesTheSecondCommand_NamesItWithIproute2sMessageAndRunsNoFurther()
    {
        var error = await Assert.ThrowsAsync<IpCommandException>(
            () => IpCommand.BatchAsync(new ProcessRunner(), [["link", "show", "dev", "lo"], ["link", "show", "dev", "virtsriov-none0"], ["link", "show", "dev", "lo"]], Token).WaitAsync(Timeout, Token));

        Assert.Equal(["link", "show", "dev", "virtsriov-none0"], error.Arguments);
        Assert.Contains("virtsriov-none0", error.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("Command failed", error.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BatchAsync_RealIpCannotParseACommand_NamesTheBatchWithItsInput()
    {
        var error = await Assert.ThrowsAsync<IpCommandException>(
            () => IpCommand.BatchAsync(new ProcessRunner(), [["link", "show", "dev", "lo"], ["link", "set", "dev", "lo", "vf"]], Token).WaitAsync(Timeout, Token));

        Assert.Equal(["-batch", "-"], error.Arguments);
        Assert.Equal(255, error.ExitCode);
        Assert.EndsWith("(in the batch: link show dev lo; link set dev lo vf)", error.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BatchAsync_ArgumentBatchInputCannotCarry_RunsOneProcessPerCommand()
    {
        var processes = new ScriptedProcessRunner()
            .Answer("ip", ["link", "show", "dev", "we#rd"], new ProcessResult(0, "1: we#rd\n", ""))
            .Answer("ip", ["link", "show", "dev", "lo"], new ProcessResult(0, "2: lo\n", ""));

        var output = await IpCommand.BatchAsync(processes, [["link", "show", "dev", "we#rd"], ["link", "show", "dev", "lo"]], Token);

        Assert.Equal("1: we#rd\n2: lo\n", output);
        Assert.Equal(["ip link show dev we#rd", "ip link show dev lo"], processes.Calls);
    }
}
