using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json.Nodes;
using VirtSriov.Core.Libvirt;
using VirtSriov.Core.Libvirt.Agent;
using VirtSriov.Core.Processes;
using VirtSriov.Core.Steps;
using VirtSriov.TestDoubles;
using Xunit;

namespace VirtSriov.Core.Tests.Libvirt;

/// <summary>
/// The VM-level DPDK test's orchestration: the peer forwards before the worker's first burst, the worker's testpmd
/// runs through the guest agent and is checked for its uid, the peer is stopped after it, and only the worker's
/// samples reach the chart. The worker's output (Data/worker-testpmd-null.txt) was captured from testpmd in the worker
/// initramfs on a null device through the guest agent (WorkerAgentLabTests' log; the test runner dropped the ANSI
/// clear-screen codes), the peer's from dpdk-testpmd on this host; the real agent path runs in Lab.Tests.
/// </summary>
public sealed class WorkerDpdkTestStepTests
{
    private const string Pf = "0000:3b:00.0";
    private static readonly TimeSpan Bound = TimeSpan.FromMinutes(1);

    private static readonly WorkerDpdkTestPlanDetails Details =
        new("virtsriov-worker-0", FakeVfSysfs.VfAddress(0), "02:76:73:00:00:00", FakeVfSysfs.VfAddress(1), "02:76:73:00:00:01", 1);

    [Fact]
    public async Task ApplyAsync_PeerForwardingThenWorker_ReportsBothDirectionsTheUidAndStopsBothAfterTheTestTime()
    {
        var ct = TestContext.Current.CancellationToken;
        var peer = new PeerRunner(File.ReadAllLines(TestpmdData("testpmd-null-mac-final.txt")));
        var worker = new AgentWorker(File.ReadAllText(LibvirtTestSupport.DataPath("worker-testpmd-null.txt")), uid: 65534, peer);
        var log = new RecordingStepLog();
        var context = new StepContext(Guid.NewGuid(), new RunSettings { PfAddress = Pf, Workers = [Details.Worker], TestpmdSeconds = 1 }, new FakeLab(hypervisor: worker, processes: peer), log, TimeProvider.System);
        var step = new WorkerDpdkTestStep();

        var outcome = await step.ApplyAsync(context, StepPlan.Create(StepKind.DpdkTest, "test", Details), ct).WaitAsync(Bound, ct);

        Assert.True(outcome.Changed);
        Assert.Contains("peer VF 0000:3b:02.1 received", outcome.Summary, StringComparison.Ordinal);
        Assert.Contains("uid 65534 with IOVA as VA", outcome.Summary, StringComparison.Ordinal);
        Assert.True(worker.ExecStartedAfterPeerForwarded, "the worker's first burst went out before the peer forwarded");
        Assert.Single(peer.Stops, s => s.Contains("--file-prefix=[v]irtsriov-", StringComparison.Ordinal));
        Assert.NotEmpty(log.Samples);
        Assert.All(log.Samples, s => Assert.Equal(0, s.Port));
        Assert.Contains(log.Lines, e => e.Text.StartsWith("peer: ", StringComparison.Ordinal));
        Assert.Equal(2, worker.Execs.Count);
        var exec = worker.Execs[0];
        Assert.Equal(["/usr/bin/run-unprivileged", "/tmp/virtsriov-" + context.RunId.ToString("N") + ".log", "601", "/usr/bin/dpdk-testpmd"], exec.Take(4));
        Assert.True(worker.Stopped, "testpmd in the worker was never stopped after its test time");
        Assert.Contains("--iova-mode=va", exec);
        Assert.Equal("/usr/lib/dpdk", exec[exec.ToList().IndexOf("-d") + 1]);
        Assert.Contains("--eth-peer=0,02:76:73:00:00:01", exec);
    }

    [Fact]
    public async Task ApplyAsync_TestpmdRunsAsRootInTheWorker_FailsAndStillStopsThePeer()
    {
        var ct = TestContext.Current.CancellationToken;
        var peer = new PeerRunner(File.ReadAllLines(TestpmdData("testpmd-null-mac-final.txt")));
        var worker = new AgentWorker(File.ReadAllText(LibvirtTestSupport.DataPath("worker-testpmd-null.txt")), uid: 0, peer);
        var context = new StepContext(Guid.NewGuid(), new RunSettings { PfAddress = Pf, Workers = [Details.Worker] }, new FakeLab(hypervisor: worker, processes: peer), new RecordingStepLog(), TimeProvider.System);

        var error = await Assert.ThrowsAsync<ActionableException>(() => new WorkerDpdkTestStep().ApplyAsync(context, StepPlan.Create(StepKind.DpdkTest, "test", Details), ct).WaitAsync(Bound, ct));

        Assert.Contains("runs as root (uid 0)", error.Message, StringComparison.Ordinal);
        Assert.Single(peer.Stops);
    }

    [Fact]
    public async Task ApplyAsync_TestpmdStoppedBeforeItsFirstStatistics_FailsAsNotForwardingInsteadOfReportingItsTotals()
    {
        // A worker too slow to start: its own deadline stopped testpmd right after "start packet forwarding" (the totals
        // of the first burst only, as seen under nested TCG on a loaded machine).
        var ct = TestContext.Current.CancellationToken;
        var lines = File.ReadAllLines(LibvirtTestSupport.DataPath("worker-testpmd-null.txt"));
        var stats = Array.FindIndex(lines, l => l.Contains("Port statistics", StringComparison.Ordinal));
        var stop = Array.FindIndex(lines, l => l.StartsWith("Telling cores to stop", StringComparison.Ordinal));
        var output = string.Join('\n', lines[..stats].Concat(lines[stop..])) + "\n";
        var peer = new PeerRunner(File.ReadAllLines(TestpmdData("testpmd-null-mac-final.txt")));
        var worker = new AgentWorker(output, uid: 65534, peer);
        var context = new StepContext(Guid.NewGuid(), new RunSettings { PfAddress = Pf, Workers = [Details.Worker] }, new FakeLab(hypervisor: worker, processes: peer), new RecordingStepLog(), TimeProvider.System);

        var error = await Assert.ThrowsAsync<ActionableException>(() => new WorkerDpdkTestStep().ApplyAsync(context, StepPlan.Create(StepKind.DpdkTest, "test", Details), ct).WaitAsync(Bound, ct));

        Assert.Contains("did not start forwarding within 10 minutes", error.Message, StringComparison.Ordinal);
        Assert.Single(peer.Stops);
    }

    [Fact]
    public async Task PlanAsync_EveryVfTakenByAWorker_NamesTheVfsAndAsksForOneMore()
    {
        var ct = TestContext.Current.CancellationToken;
        var hypervisor = FakeHypervisor.WithHostdevs(new Dictionary<string, IReadOnlyList<string>> { ["virtsriov-worker-0"] = [FakeVfSysfs.VfAddress(0)] });
        var context = new StepContext(Guid.NewGuid(), new RunSettings { PfAddress = Pf, Workers = ["virtsriov-worker-0"] }, new FakeLab(new FakeVfSysfs(Pf, 1), hypervisor), new RecordingStepLog(), TimeProvider.System);

        var error = await Assert.ThrowsAsync<ActionableException>(() => new WorkerDpdkTestStep().PlanAsync(context, ct).WaitAsync(Bound, ct));

        Assert.Contains("No free VF of 0000:3b:00.0", error.Message, StringComparison.Ordinal);
        Assert.Contains("0000:3b:02.0 vfio-pci", error.Message, StringComparison.Ordinal);
        Assert.Equal(nameof(RunSettings.VfCount), error.Field);
    }

    [Fact]
    public async Task PlanAsync_NoWorkerHasAVf_AsksForTheWorkerVmsStep()
    {
        var ct = TestContext.Current.CancellationToken;
        var hypervisor = FakeHypervisor.WithHostdevs(new Dictionary<string, IReadOnlyList<string>> { ["virtsriov-worker-0"] = [] });
        var context = new StepContext(Guid.NewGuid(), new RunSettings { PfAddress = Pf, Workers = ["virtsriov-worker-0"] }, new FakeLab(new FakeVfSysfs(Pf, 2), hypervisor), new RecordingStepLog(), TimeProvider.System);

        var error = await Assert.ThrowsAsync<ActionableException>(() => new WorkerDpdkTestStep().PlanAsync(context, ct).WaitAsync(Bound, ct));

        Assert.Contains("No worker has a VF passed through", error.Message, StringComparison.Ordinal);
        Assert.Contains("Worker VMs step", error.Fix, StringComparison.Ordinal);
    }

    private static string TestpmdData(string name, [CallerFilePath] string here = "") =>
        Path.Combine(Path.GetDirectoryName(here)!, "..", "Testpmd", "Data", name);

    /// <summary>
    /// The peer on the hypervisor: streams its output up to "packet forwarding", holds the rest until pkill stops it
    /// (as SIGINT makes testpmd print its totals), and records the stops.
    /// </summary>
    private sealed class PeerRunner(IReadOnlyList<string> output) : IProcessRunner
    {
        private readonly TaskCompletionSource stopped = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public List<string> Stops { get; } = [];

        public bool Forwarding { get; private set; }

        public Task<ProcessResult> RunAsync(string file, IReadOnlyList<string> arguments, CancellationToken cancellationToken)
        {
            Assert.Equal("pkill", file);
            Stops.Add(string.Join(' ', arguments));
            stopped.TrySetResult();
            return Task.FromResult(new ProcessResult(0, "", ""));
        }

        public Task<ProcessResult> RunAsync(string file, IReadOnlyList<string> arguments, string standardInput, CancellationToken cancellationToken) =>
            RunAsync(file, arguments, cancellationToken);

        public async IAsyncEnumerable<string> StreamLinesAsync(string file, IReadOnlyList<string> arguments, Action<int>? exited, [EnumeratorCancellation] CancellationToken cancellationToken)
        {
            Assert.Equal("timeout", file);
            Assert.Contains("dpdk-testpmd", arguments);
            foreach (var line in output)
            {
                if (Forwarding && !stopped.Task.IsCompleted)
                {
                    await stopped.Task.WaitAsync(cancellationToken);
                }

                Forwarding |= line.Contains("packet forwarding - ports=", StringComparison.Ordinal);
                yield return line;
            }

            exited?.Invoke(0);
        }
    }

    /// <summary>
    /// A running worker with a VF whose guest agent runs the captured testpmd output: up to its first statistics block,
    /// the rest (more blocks, the totals) only after <c>kill -INT</c> of the pid, as a testpmd that forwards until it is
    /// stopped; /proc/PID/status shows <paramref name="uid"/>.
    /// </summary>
    private sealed class AgentWorker(string output, int uid, PeerRunner peer) : IHypervisor, IGuestAgentChannel
    {
        private const long Pid = 321;
        private readonly int untilStopped = output.Contains("Port statistics", StringComparison.Ordinal)
            ? output.IndexOf('\n', output.IndexOf("Port statistics", StringComparison.Ordinal)) + 1
            : output.Length;
        private long outputHandle = -1;
        private readonly FakeHypervisor domains = FakeHypervisor.WithHostdevs(new Dictionary<string, IReadOnlyList<string>> { [Details.Worker] = [Details.WorkerVf] });
        private readonly Dictionary<long, (byte[] Bytes, int Offset)> files = [];
        private long nextHandle = 1000;

        public List<IReadOnlyList<string>> Execs { get; } = [];

        public bool ExecStartedAfterPeerForwarded { get; private set; }

        public bool Stopped => !output.Contains("Port statistics", StringComparison.Ordinal) || Execs.Any(e => e.SequenceEqual(["/bin/kill", "-INT", Pid.ToString(System.Globalization.CultureInfo.InvariantCulture)]));

        public string Uri => "qemu+ssh://root@127.0.0.1:2222/system";

        public Task<string> SendAgentCommandAsync(string domain, string command, TimeSpan timeout, CancellationToken cancellationToken)
        {
            Assert.Equal(Details.Worker, domain);
            var json = JsonNode.Parse(command)!;
            var arguments = json["arguments"];
            return Task.FromResult(json["execute"]!.GetValue<string>() switch
            {
                "guest-ping" or "guest-file-close" => """{"return":{}}""",
                "guest-exec" => Exec(arguments!),
                "guest-file-open" => Open(arguments!["path"]!.GetValue<string>(), arguments["mode"]!.GetValue<string>()),
                "guest-file-read" => Read(arguments!["handle"]!.GetValue<long>()),
                "guest-exec-status" => Stopped && files.Values.All(f => f.Offset >= f.Bytes.Length) ? """{"return":{"exitcode":0,"exited":true}}""" : """{"return":{"exited":false}}""",
                var other => throw new InvalidOperationException(other),
            });
        }

        public Task<Version> GetLibraryVersionAsync(CancellationToken cancellationToken) => domains.GetLibraryVersionAsync(cancellationToken);

        public Task<IReadOnlyList<string>> ListDomainNamesAsync(CancellationToken cancellationToken) => domains.ListDomainNamesAsync(cancellationToken);

        public Task<string> GetDomainXmlAsync(string name, bool inactive, CancellationToken cancellationToken) => domains.GetDomainXmlAsync(name, inactive, cancellationToken);

        public Task DefineDomainAsync(string xml, CancellationToken cancellationToken) => domains.DefineDomainAsync(xml, cancellationToken);

        public Task<bool> IsRunningAsync(string name, CancellationToken cancellationToken) => domains.IsRunningAsync(name, cancellationToken);

        public Task StartAsync(string name, CancellationToken cancellationToken) => domains.StartAsync(name, cancellationToken);

        public Task UndefineAsync(string name, bool removeNvram, CancellationToken cancellationToken) => domains.UndefineAsync(name, removeNvram, cancellationToken);

        public Task ShutdownAsync(string name, TimeSpan timeout, bool destroyAfterTimeout, CancellationToken cancellationToken) => domains.ShutdownAsync(name, timeout, destroyAfterTimeout, cancellationToken);

        private string Exec(JsonNode arguments)
        {
            ExecStartedAfterPeerForwarded = Execs.Count == 0 ? peer.Forwarding : ExecStartedAfterPeerForwarded;
            Execs.Add([arguments["path"]!.GetValue<string>(), .. arguments["arg"]!.AsArray().Select(a => a!.GetValue<string>())]);
            return $$$"""{"return":{"pid":{{{Pid}}}}}""";
        }

        private string Open(string path, string mode)
        {
            var handle = nextHandle++;
            if (mode == "r")
            {
                var status = path == $"/proc/{Pid}/status";
                var text = status ? $"Name:\tdpdk-testpmd\nUmask:\t0022\nState:\tR (running)\nUid:\t{uid}\t{uid}\t{uid}\t{uid}\n" : output;
                files[handle] = (Encoding.UTF8.GetBytes(text), 0);
                outputHandle = status ? outputHandle : handle;
            }

            return $$$"""{"return":{{{handle}}}}""";
        }

        /// <summary>At most 700 bytes a read, so lines and statistics blocks arrive cut like a slow guest's.</summary>
        private string Read(long handle)
        {
            var (bytes, offset) = files[handle];
            var end = handle == outputHandle && !Stopped ? untilStopped : bytes.Length;
            var count = Math.Min(700, end - offset);
            files[handle] = (bytes, offset + count);
            return new JsonObject { ["return"] = new JsonObject { ["count"] = count, ["buf-b64"] = Convert.ToBase64String(bytes, offset, count), ["eof"] = count == 0 } }.ToJsonString();
        }
    }
}
