using VirtSriov.Core.Host;
using VirtSriov.Core.Labs;
using VirtSriov.Core.Labs.Changes;
using VirtSriov.Core.Libvirt;
using VirtSriov.Core.Processes;
using VirtSriov.Core.Tests.TestSupport;
using VirtSriov.TestDoubles;
using Xunit;

namespace VirtSriov.Core.Tests.Labs;

public sealed class JournaledLabEnvironmentTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Processes_ChangingProgram_IntentBeforeItRunsAndResultAfter()
    {
        // Arrange
        var journal = new InMemoryChangeJournal();
        var seen = new List<IReadOnlyList<InMemoryChangeJournal.Entry>>();
        var programs = new ObservingRunner(() => seen.Add(journal.Entries));
        var lab = await OpenAsync(new FakeLab(processes: programs), journal);

        // Act
        await lab.Processes.RunAsync("ip", ["link", "set", "dev", "ens1f0", "vf", "0", "trust", "on"], Ct);
        await lab.Processes.RunAsync("ip", ["-d", "link", "show", "dev", "ens1f0"], Ct);

        // Assert
        var during = Assert.Single(seen[0]);
        Assert.Equal("run ip link set dev ens1f0 vf 0 trust on", during.Change);
        Assert.False(during.Completed);
        var after = Assert.Single(journal.Entries);
        Assert.True(after.Completed);
        Assert.Null(after.Error);
    }

    [Fact]
    public async Task Processes_IpBatch_EachChangingCommandRecordedAsMadeRefusedOrNotRun()
    {
        // Arrange
        using var tree = new HostTestTree();
        tree.Sysfs.WriteText("/sys/bus/pci/devices/0000:3b:00.0/sriov_numvfs", "2");
        var journal = new InMemoryChangeJournal();
        var lab = await OpenAsync(new FakeLab(tree.Sysfs, processes: FakeLab.SimulatedIp(tree.Sysfs)), journal);

        // Act
        await lab.Processes.RunAsync("ip", ["-batch", "-"], "link show dev ens1f0\n", Ct);
        var result = await lab.Processes.RunAsync("ip", ["-batch", "-"], "link set dev ens1f0 vf 0 trust on\nlink show dev ens1f0\nlink set dev ens1f0 vf 7 trust on\nlink set dev ens1f0 vf 1 trust on\n", Ct);

        // Assert
        Assert.Equal(1, result.ExitCode);
        Assert.Equal(
            [
                ("run ip link set dev ens1f0 vf 0 trust on", null),
                ("run ip link set dev ens1f0 vf 7 trust on", "exit code 1: RTNETLINK answers: Invalid argument\nCommand failed -:3"),
                ("run ip link set dev ens1f0 vf 1 trust on", "not run: an earlier command of the same batch failed"),
            ],
            journal.Entries.Select(e => (e.Change, e.Error)));
        Assert.All(journal.Entries, e => Assert.True(e.Completed));
    }

    [Fact]
    public async Task Hypervisor_FailedStart_RecordedWithItsError()
    {
        // Arrange
        var journal = new InMemoryChangeJournal();
        var lab = await OpenAsync(new FakeLab(), journal);

        // Act
        await Assert.ThrowsAsync<NotSupportedException>(() => lab.Hypervisor.StartAsync("virtsriov-worker-0", Ct));

        // Assert
        var entry = Assert.Single(journal.Entries);
        Assert.StartsWith("start domain virtsriov-worker-0 on test:///default", entry.Change, StringComparison.Ordinal);
        Assert.True(entry.Completed);
        Assert.StartsWith("NotSupportedException", entry.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sysfs_BatchRefusedMidway_EveryIntentBeforeItRunsAndEachResultNamesMadeRefusedOrNotMade()
    {
        // Arrange
        var journal = new InMemoryChangeJournal();
        var host = new BatchSysfs(journal, refuse: "/sys/bus/pci/drivers_probe");
        var lab = await OpenAsync(new FakeLab(host), journal);
        SysfsWrite[] writes =
        [
            new("/sys/bus/pci/devices/0000:00:14.0/driver_override", "vfio-pci"),
            new("/sys/bus/pci/drivers_probe", "0000:00:14.0"),
            new("/sys/bus/pci/devices/0000:00:14.2/driver_override", "vfio-pci"),
        ];

        // Act
        var refused = Assert.Throws<SysfsWriteException>(() => lab.Sysfs.WriteAll(writes));

        // Assert
        Assert.Equal("EBUSY", refused.Errno);
        Assert.Equal(3, host.IntentsWhenTheBatchRan);
        Assert.Equal(["/sys/bus/pci/devices/0000:00:14.0/driver_override"], host.Made);
        Assert.Equal(
            ["write vfio-pci to /sys/bus/pci/devices/0000:00:14.0/driver_override", "write 0000:00:14.0 to /sys/bus/pci/drivers_probe", "write vfio-pci to /sys/bus/pci/devices/0000:00:14.2/driver_override"],
            journal.Entries.Select(e => e.Change));
        Assert.All(journal.Entries, e => Assert.True(e.Completed));
        Assert.Null(journal.Entries[0].Error);
        Assert.StartsWith("SysfsWriteException", journal.Entries[1].Error, StringComparison.Ordinal);
        Assert.StartsWith("not made", journal.Entries[2].Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Hypervisor_GuestAgents_TheInnerConnectionsChannelOrNone()
    {
        // Arrange
        using var libvirt = LibvirtHypervisor.Open("test:///default", TimeProvider.System);

        // Act
        var journaled = await OpenAsync(new FakeLab(hypervisor: libvirt), new InMemoryChangeJournal());
        var simulated = await OpenAsync(new FakeLab(), new InMemoryChangeJournal());

        // Assert
        Assert.Same(libvirt, journaled.Hypervisor.GuestAgents);
        Assert.Null(simulated.Hypervisor.GuestAgents);
    }

    [Theory]
    [InlineData("ip", "link set dev ens1f0 vf 0 mac 02:00:00:00:00:01", true)]
    [InlineData("ip", "-j -d link show dev ens1f0", false)]
    [InlineData("systemctl", "enable virtsriov-vfs.service", true)]
    [InlineData("systemctl", "is-enabled virtsriov-vfs.service", false)]
    [InlineData("kcli", "create cluster openshift virtsriov", true)]
    [InlineData("kcli", "list vm", false)]
    [InlineData("kill", "-s INT -- 42", true)]
    [InlineData("kill", "-0 42", false)]
    [InlineData("pgrep", "-a -f x", false)]
    public void Changes_Command_ClassifiedAsChangeOrRead(string file, string arguments, bool changes)
    {
        Assert.Equal(changes, ChangingCommands.Changes(file, arguments.Split(' ')));
    }

    private static Task<ILabEnvironment> OpenAsync(FakeLab inner, IChangeJournal journal) =>
        new JournaledLabEnvironmentFactory(new Opens(inner), journal, TimeProvider.System).CreateAsync(inner.Lab, Ct);

    private sealed class Opens(ILabEnvironment environment) : ILabEnvironmentFactory
    {
        public Task<ILabEnvironment> CreateAsync(LabDefinition lab, CancellationToken cancellationToken) => Task.FromResult(environment);
    }

    /// <summary>A host's sysfs with a batch of its own (as over SSH): notes the intents journaled when the batch runs, refuses writes to one path with EBUSY.</summary>
    private sealed class BatchSysfs(InMemoryChangeJournal journal, string refuse) : ISysfs
    {
        public List<string> Made { get; } = [];

        public int IntentsWhenTheBatchRan { get; private set; }

        public bool IsSimulated => false;

        public bool Exists(string path) => true;

        public string ReadText(string path) => "";

        public IReadOnlyList<string> List(string directory) => [];

        public string? ReadLink(string path) => null;

        public void WriteText(string path, string value)
        {
            if (path == refuse)
            {
                throw new SysfsWriteException(path, value, "EBUSY", "Device or resource busy");
            }

            Made.Add(path);
        }

        public void WriteAll(IReadOnlyList<SysfsWrite> writes)
        {
            IntentsWhenTheBatchRan = journal.Entries.Count;
            foreach (var write in writes)
            {
                WriteText(write.Path, write.Value);
            }
        }
    }

    /// <summary>Notes the journal as it is while each program runs.</summary>
    private sealed class ObservingRunner(Action observe) : IProcessRunner
    {
        public Task<ProcessResult> RunAsync(string file, IReadOnlyList<string> arguments, CancellationToken cancellationToken)
        {
            observe();
            return Task.FromResult(new ProcessResult(0, "", ""));
        }

        public Task<ProcessResult> RunAsync(string file, IReadOnlyList<string> arguments, string standardInput, CancellationToken cancellationToken) =>
            RunAsync(file, arguments, cancellationToken);

        public IAsyncEnumerable<string> StreamLinesAsync(string file, IReadOnlyList<string> arguments, Action<int>? exited, CancellationToken cancellationToken) =>
            throw new NotSupportedException();
    }
}
