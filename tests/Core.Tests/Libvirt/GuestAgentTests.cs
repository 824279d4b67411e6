using System.Text;
using System.Text.Json.Nodes;
using VirtSriov.Core.Libvirt;
using VirtSriov.Core.Libvirt.Agent;
using VirtSriov.Core.Steps;
using Xunit;

namespace VirtSriov.Core.Tests.Libvirt;

/// <summary>
/// The guest agent client: the JSON it sends, the replies it reads (captured from qemu-ga 7.2 in the worker initramfs,
/// through virsh qemu-agent-command), its errors, and the real libvirt's answer for a driver without agents. The real
/// agent path runs in Lab.Tests (WorkerAgentLabTests).
/// </summary>
public sealed class GuestAgentTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);

    [Fact]
    public void Exec_ProgramWithArguments_IsAnArgumentListWithoutShellOrCapture()
    {
        var command = JsonNode.Parse(GuestAgentCommands.Exec("/usr/bin/run-unprivileged", ["/tmp/log", "8", "dpdk-testpmd", "--eth-peer=0,02:00:00:00:00:01", "a b;c"]))!;

        Assert.Equal("guest-exec", command["execute"]!.GetValue<string>());
        Assert.Equal("/usr/bin/run-unprivileged", command["arguments"]!["path"]!.GetValue<string>());
        Assert.Equal(["/tmp/log", "8", "dpdk-testpmd", "--eth-peer=0,02:00:00:00:00:01", "a b;c"], command["arguments"]!["arg"]!.AsArray().Select(a => a!.GetValue<string>()));
        Assert.False(command["arguments"]!["capture-output"]!.GetValue<bool>());
    }

    [Fact]
    public void FileCommands_HandleAndCount_AreNumbers()
    {
        Assert.Equal("""{"execute":"guest-file-open","arguments":{"path":"/tmp/testpmd.log","mode":"r"}}""", GuestAgentCommands.FileOpen("/tmp/testpmd.log", "r"));
        Assert.Equal("""{"execute":"guest-file-read","arguments":{"handle":1000,"count":65536}}""", GuestAgentCommands.FileRead(1000, 65536));
        Assert.Equal("""{"execute":"guest-file-close","arguments":{"handle":1000}}""", GuestAgentCommands.FileClose(1000));
        Assert.Equal("""{"execute":"guest-exec-status","arguments":{"pid":123}}""", GuestAgentCommands.ExecStatus(123));
        Assert.Equal("""{"execute":"guest-ping"}""", GuestAgentCommands.Ping());
    }

    [Fact]
    public void Replies_CapturedFromQemuGa_ParseToPidStatusHandleAndBytes()
    {
        Assert.Equal(123, GuestAgentCommands.ExecPid("""{"return":{"pid":123}}"""));
        Assert.Equal(new GuestExecStatus(true, 0, null), GuestAgentCommands.ParseExecStatus("""{"return":{"exitcode":0,"exited":true}}"""));
        Assert.Equal(new GuestExecStatus(false, null, null), GuestAgentCommands.ParseExecStatus("""{"return":{"exited":false}}"""));
        var killed = GuestAgentCommands.ParseExecStatus("""{"return":{"signal":4,"exited":true}}""");
        Assert.Equal(4, killed.Signal);
        Assert.Contains("SIGILL", killed.Describe(), StringComparison.Ordinal);
        Assert.Equal(1000, GuestAgentCommands.FileHandle("""{"return":1000}"""));
        var chunk = GuestAgentCommands.ParseFileRead("""{"return":{"count":17,"buf-b64":"RUFMOiBEZXRlY3RlZCBDUFUK","eof":false}}""");
        Assert.Equal("EAL: Detected CPU\n", Encoding.UTF8.GetString(chunk.Bytes));
        Assert.False(chunk.EndOfFile);
        Assert.Empty(GuestAgentCommands.ParseFileRead("""{"return":{"count":0,"buf-b64":"","eof":true}}""").Bytes);
    }

    [Fact]
    public void Return_ReplyWithoutReturnOrNotJson_FormatExceptionQuotingIt()
    {
        Assert.Contains("\"error\"", Assert.Throws<FormatException>(() => GuestAgentCommands.Return("""{"error":{"class":"GenericError"}}""")).Message, StringComparison.Ordinal);
        Assert.Contains("not JSON", Assert.Throws<FormatException>(() => GuestAgentCommands.Return("garbage")).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FollowAsync_LinesSplitAcrossReadsAndProgramEnds_YieldsWholeLinesThenTheRestAndClosesTheFile()
    {
        var ct = TestContext.Current.CancellationToken;
        // "Rx-pps: 3947538\n" cut mid-line, "µs" cut inside its two-byte character, the last line without a newline.
        var bytes = Encoding.UTF8.GetBytes("Port 0 Link up\nRx-pps: 3947538\nlatency 5 µs\nBye...");
        var cut = Array.IndexOf(bytes, (byte)0xB5);
        var channel = new ScriptedAgent(
            [bytes[..20], bytes[20..cut], [], bytes[cut..], []],
            [new GuestExecStatus(false, null, null), new GuestExecStatus(true, 0, null)]);
        var agent = new GuestAgent(channel, "worker-0", TimeProvider.System);
        GuestExecStatus? ended = null;

        var lines = new List<string>();
        await foreach (var line in agent.FollowAsync(123, "/tmp/testpmd.log", TimeSpan.FromMilliseconds(1), s => ended = s, ct).WithCancellation(ct))
        {
            lines.Add(line);
        }

        Assert.Equal(["Port 0 Link up", "Rx-pps: 3947538", "latency 5 µs", "Bye..."], lines);
        Assert.Equal(new GuestExecStatus(true, 0, null), ended);
        Assert.Equal("guest-file-close", channel.Sent[^1]);
    }

    [Fact]
    public async Task WaitUntilConnectedAsync_NoAgentOnTheChannel_SaysWhichChannelAndHowToCheck()
    {
        var channel = new FailingAgent(new LibvirtException("virDomainQemuAgentCommand(worker-0, guest-ping)", LibvirtException.AgentUnresponsive, 10, "Guest agent is not responding: QEMU guest agent is not connected"));
        var agent = new GuestAgent(channel, "worker-0", TimeProvider.System);

        var error = await Assert.ThrowsAsync<ActionableException>(() => agent.WaitUntilConnectedAsync(TimeSpan.Zero, TestContext.Current.CancellationToken).WaitAsync(Bound, TestContext.Current.CancellationToken));

        Assert.Contains("'worker-0' is not connected", error.Message, StringComparison.Ordinal);
        Assert.Contains("org.qemu.guest_agent.0", error.Fix, StringComparison.Ordinal);
        Assert.Contains("virsh -c qemu:///system qemu-agent-command worker-0", error.Fix, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ExecAsync_TestDriverOfTheRealLibvirt_SaysTheDriverHasNoGuestAgent()
    {
        LibvirtTestSupport.RequireLibvirt();
        using var hypervisor = LibvirtHypervisor.Open(LibvirtTestSupport.PrivateTestUri(LibvirtTestSupport.NewTempFolder()), TimeProvider.System);
        var ct = TestContext.Current.CancellationToken;
        await hypervisor.DefineDomainAsync("<domain type='test'><name>worker-0</name><memory unit='MiB'>256</memory><vcpu>1</vcpu><os><type arch='x86_64'>hvm</type></os></domain>", ct).WaitAsync(Bound, ct);
        await hypervisor.StartAsync("worker-0", ct).WaitAsync(Bound, ct);
        var agent = new GuestAgent(hypervisor, "worker-0", TimeProvider.System);

        var error = await Assert.ThrowsAsync<ActionableException>(() => agent.ExecAsync("/bin/true", [], ct).WaitAsync(Bound, ct));

        Assert.Contains("cannot talk to a guest agent", error.Message, StringComparison.Ordinal);
        Assert.Equal("virDomainQemuAgentCommand(worker-0, guest-exec)", error.FailedCall);
        Assert.Equal(LibvirtException.NoSupport, Assert.IsType<LibvirtException>(error.InnerException).Code);
    }

    /// <summary>Answers file reads with the given chunks and exec-status with the given states, in order; records the commands.</summary>
    private sealed class ScriptedAgent(IReadOnlyList<byte[]> chunks, IReadOnlyList<GuestExecStatus> states) : IGuestAgentChannel
    {
        private int chunk;
        private int state;

        public List<string> Sent { get; } = [];

        public string Uri => "qemu:///system";

        public Task<string> SendAgentCommandAsync(string domain, string command, TimeSpan timeout, CancellationToken cancellationToken)
        {
            var name = JsonNode.Parse(command)!["execute"]!.GetValue<string>();
            Sent.Add(name);
            return Task.FromResult(name switch
            {
                "guest-file-open" => """{"return":1000}""",
                "guest-file-read" => Read(chunk < chunks.Count ? chunks[chunk++] : []),
                "guest-exec-status" => Status(states[Math.Min(state++, states.Count - 1)]),
                "guest-file-close" => """{"return":{}}""",
                _ => throw new InvalidOperationException(command),
            });
        }

        private static string Read(byte[] bytes) =>
            new JsonObject { ["return"] = new JsonObject { ["count"] = bytes.Length, ["buf-b64"] = Convert.ToBase64String(bytes), ["eof"] = bytes.Length == 0 } }.ToJsonString();

        private static string Status(GuestExecStatus status) =>
            status.Exited ? $$$"""{"return":{"exitcode":{{{status.ExitCode}}},"exited":true}}""" : """{"return":{"exited":false}}""";
    }

    private sealed class FailingAgent(LibvirtException error) : IGuestAgentChannel
    {
        public string Uri => "qemu:///system";

        public Task<string> SendAgentCommandAsync(string domain, string command, TimeSpan timeout, CancellationToken cancellationToken) => throw error;
    }
}
