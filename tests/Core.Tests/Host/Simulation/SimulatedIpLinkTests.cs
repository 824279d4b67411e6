using VirtSriov.Core.Host;
using VirtSriov.Core.Host.Simulation;
using VirtSriov.Core.Processes;
using VirtSriov.Core.Tests.TestSupport;
using Xunit;

namespace VirtSriov.Core.Tests.Host.Simulation;

public sealed class SimulatedIpLinkTests : IDisposable
{
    private const string NumVfs = "/sys/bus/pci/devices/0000:3b:00.0/sriov_numvfs";
    private readonly HostTestTree tree = new();
    private readonly SimulatedIpLink ip;
    private readonly RecordingRunner others = new();

    public SimulatedIpLinkTests()
    {
        ip = new SimulatedIpLink(tree.Sysfs, others);
    }

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task RunAsync_ShowPfWithTwoVfs_PrintsIproute2FormatWithDriverDefaults()
    {
        tree.Sysfs.WriteText(NumVfs, "2");

        var show = await ip.RunAsync("ip", ["link", "show", "dev", "ens1f0"], Token);

        Assert.Equal(0, show.ExitCode);
        var lines = show.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Matches(@"^\d+: ens1f0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc mq state UP mode DEFAULT group default qlen 1000$", lines[0]);
        Assert.Equal("    link/ether 3c:fd:fe:3b:00:00 brd ff:ff:ff:ff:ff:ff", lines[1]);
        Assert.Equal("    vf 1     link/ether 00:00:00:00:00:00 brd ff:ff:ff:ff:ff:ff, spoof checking on, link-state auto, trust off", lines[3]);
        Assert.Equal(3 + 1, lines.Length);
    }

    [Fact]
    public async Task RunAsync_SetVf_ShowReportsTheSettings()
    {
        tree.Sysfs.WriteText(NumVfs, "2");

        var set = await ip.RunAsync("ip", ["link", "set", "dev", "ens1f0", "vf", "1", "mac", "02:76:73:3B:00:01", "vlan", "100", "spoofchk", "off", "trust", "on"], Token);
        var show = await ip.RunAsync("ip", ["link", "show", "ens1f0"], Token);

        Assert.Equal((0, ""), (set.ExitCode, set.StandardError));
        Assert.Equal(
            [new VfLinkAttributes(0, "00:00:00:00:00:00", 0, true, false, "auto"), new VfLinkAttributes(1, "02:76:73:3b:00:01", 100, false, true, "auto")],
            IpLinkVfParser.Parse(show.StandardOutput));
    }

    [Fact]
    public async Task RunAsync_VfsRemovedAndCreatedAgain_SettingsAreForgotten()
    {
        tree.Sysfs.WriteText(NumVfs, "2");
        await ip.RunAsync("ip", ["link", "set", "dev", "ens1f0", "vf", "0", "trust", "on"], Token);

        tree.Sysfs.WriteText(NumVfs, "0");
        tree.Sysfs.WriteText(NumVfs, "1");
        var show = await ip.RunAsync("ip", ["link", "show", "dev", "ens1f0"], Token);

        Assert.Equal(false, Assert.Single(IpLinkVfParser.Parse(show.StandardOutput)).Trust);
    }

    [Fact]
    public async Task RunAsync_SetDown_ClearsTheFlagAndShowsStateDown()
    {
        var down = await ip.RunAsync("ip", ["link", "set", "dev", "ens1f0", "down"], Token);
        var show = await ip.RunAsync("ip", ["link", "show", "dev", "ens1f0"], Token);

        Assert.Equal(0, down.ExitCode);
        Assert.Equal("0x1002\n", tree.Sysfs.ReadText("/sys/class/net/ens1f0/flags"));
        Assert.Contains("<BROADCAST,MULTICAST> mtu 1500 qdisc noop state DOWN", show.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_Batch_RunsTheLinesInOrderAndStopsAtTheFirstThatFailsLikeIproute2()
    {
        tree.Sysfs.WriteText(NumVfs, "2");

        var batch = await ip.RunAsync("ip", ["-batch", "-"], "link set dev ens1f0 vf 0 trust on\n# a comment\nlink show dev ens1f0\nlink set dev ens1f0 vf 7 trust on\nlink set dev ens1f0 vf 1 trust on\n", Token);
        var show = await ip.RunAsync("ip", ["link", "show", "dev", "ens1f0"], Token);

        Assert.Equal(1, batch.ExitCode);
        Assert.Equal("RTNETLINK answers: Invalid argument\nCommand failed -:4\n", batch.StandardError);
        Assert.Equal([true, false], IpLinkVfParser.Parse(batch.StandardOutput).Select(vf => vf.Trust));
        Assert.Equal([true, false], IpLinkVfParser.Parse(show.StandardOutput).Select(vf => vf.Trust));
    }

    [Fact]
    public async Task RunAsync_BatchWithACommandIpCannotParse_EndsThereWithExitCode255AndNoLineNumberLikeIproute2()
    {
        tree.Sysfs.WriteText(NumVfs, "2");

        var batch = await ip.RunAsync("ip", ["-batch", "-"], "link show dev ens1f0\nlink set dev ens1f0 vf x trust on\nlink set dev ens1f0 vf 0 trust on\n", Token);

        Assert.Equal(255, batch.ExitCode);
        Assert.DoesNotContain("Command failed", batch.StandardError, StringComparison.Ordinal);
        Assert.Equal(2, IpLinkVfParser.Parse(batch.StandardOutput).Count);
        Assert.All(IpLinkVfParser.Parse((await ip.RunAsync("ip", ["link", "show", "dev", "ens1f0"], Token)).StandardOutput), vf => Assert.Equal(false, vf.Trust));
    }

    [Fact]
    public async Task RunAsync_UnsupportedIpCommand_FailsSayingItIsASimulation()
    {
        var result = await ip.RunAsync("ip", ["route", "show"], Token);

        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith("SIMULATION:", result.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_OtherProgram_GoesToTheRealRunner()
    {
        var result = await ip.RunAsync("dpdk-testpmd", ["--version"], Token);

        Assert.Equal("dpdk-testpmd --version", Assert.Single(others.Calls));
        Assert.Equal(42, result.ExitCode);
    }

    public void Dispose() => tree.Dispose();

    private sealed class RecordingRunner : IProcessRunner
    {
        public List<string> Calls { get; } = [];

        public Task<ProcessResult> RunAsync(string file, IReadOnlyList<string> arguments, CancellationToken cancellationToken)
        {
            Calls.Add($"{file} {string.Join(' ', arguments)}");
            return Task.FromResult(new ProcessResult(42, "", ""));
        }

        public Task<ProcessResult> RunAsync(string file, IReadOnlyList<string> arguments, string standardInput, CancellationToken cancellationToken) =>
            RunAsync(file, arguments, cancellationToken);

        public IAsyncEnumerable<string> StreamLinesAsync(string file, IReadOnlyList<string> arguments, Action<int>? exited, CancellationToken cancellationToken) =>
            throw new NotSupportedException();
    }
}
