using System.Runtime.CompilerServices;
using System.Text;
using VirtSriov.Core.Steps;

namespace VirtSriov.Core.Libvirt.Agent;

/// <summary>
/// A typed client for one domain's QEMU guest agent (qemu-ga on the virtio-serial channel <c>org.qemu.guest_agent.0</c>)
/// through libvirt: run programs with argument lists, read their status and files. Every failure is an
/// <see cref="ActionableException"/> that says what to do; the worker needs no network for any of it.
/// </summary>
public sealed class GuestAgent(IGuestAgentChannel channel, string domain, TimeProvider time)
{
    /// <summary>One agent command's bound: under nested TCG a guest-exec can take seconds.</summary>
    public static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(30);

    private const int ReadSize = 64 * 1024;
    private static readonly TimeSpan PingInterval = TimeSpan.FromSeconds(2);

    public string Domain => domain;

    /// <summary>Waits until the agent answers guest-ping (it starts late in the guest's boot).</summary>
    /// <exception cref="ActionableException">No answer within <paramref name="timeout"/>, or the domain is not running.</exception>
    public async Task WaitUntilConnectedAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = time.GetUtcNow() + timeout;
        while (true)
        {
            try
            {
                await channel.SendAgentCommandAsync(domain, GuestAgentCommands.Ping(), CommandTimeout, cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (LibvirtException e) when (e.Code == LibvirtException.AgentUnresponsive)
            {
                if (time.GetUtcNow() >= deadline)
                {
                    throw Explain(e, "guest-ping", $" within {timeout.TotalSeconds:0} s");
                }
            }
            catch (LibvirtException e)
            {
                throw Explain(e, "guest-ping", "");
            }

            await Task.Delay(PingInterval, time, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Starts <paramref name="path"/> with <paramref name="arguments"/> (never a shell) and returns its pid in the guest.</summary>
    public async Task<long> ExecAsync(string path, IReadOnlyList<string> arguments, CancellationToken cancellationToken) =>
        GuestAgentCommands.ExecPid(await SendAsync(GuestAgentCommands.Exec(path, arguments), "guest-exec", cancellationToken).ConfigureAwait(false));

    public async Task<GuestExecStatus> GetExecStatusAsync(long pid, CancellationToken cancellationToken) =>
        GuestAgentCommands.ParseExecStatus(await SendAsync(GuestAgentCommands.ExecStatus(pid), "guest-exec-status", cancellationToken).ConfigureAwait(false));

    public async Task<long> OpenFileAsync(string path, string mode, CancellationToken cancellationToken) =>
        GuestAgentCommands.FileHandle(await SendAsync(GuestAgentCommands.FileOpen(path, mode), "guest-file-open", cancellationToken).ConfigureAwait(false));

    public async Task<GuestFileChunk> ReadFileAsync(long handle, CancellationToken cancellationToken) =>
        GuestAgentCommands.ParseFileRead(await SendAsync(GuestAgentCommands.FileRead(handle, ReadSize), "guest-file-read", cancellationToken).ConfigureAwait(false));

    public Task CloseFileAsync(long handle, CancellationToken cancellationToken) =>
        SendAsync(GuestAgentCommands.FileClose(handle), "guest-file-close", cancellationToken);

    /// <summary>Creates (or empties) a file in the guest, so it can be followed before the program that writes it starts.</summary>
    public async Task CreateEmptyFileAsync(string path, CancellationToken cancellationToken) =>
        await CloseFileAsync(await OpenFileAsync(path, "w", cancellationToken).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);

    /// <summary>
    /// Yields the lines written to <paramref name="path"/> as they come, polling every <paramref name="pollInterval"/>,
    /// until program <paramref name="pid"/> has ended and everything it wrote was read; its status goes to <paramref name="exited"/>.
    /// </summary>
    public async IAsyncEnumerable<string> FollowAsync(long pid, string path, TimeSpan pollInterval, Action<GuestExecStatus>? exited, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var handle = await OpenFileAsync(path, "r", cancellationToken).ConfigureAwait(false);
        var lines = new LineSplitter();
        try
        {
            while (true)
            {
                var chunk = await ReadFileAsync(handle, cancellationToken).ConfigureAwait(false);
                if (chunk.Bytes.Length > 0)
                {
                    foreach (var line in lines.Add(chunk.Bytes))
                    {
                        yield return line;
                    }

                    continue;
                }

                var status = await GetExecStatusAsync(pid, cancellationToken).ConfigureAwait(false);
                if (status.Exited)
                {
                    // It may have written more between the last read and its end.
                    for (chunk = await ReadFileAsync(handle, cancellationToken).ConfigureAwait(false); chunk.Bytes.Length > 0; chunk = await ReadFileAsync(handle, cancellationToken).ConfigureAwait(false))
                    {
                        foreach (var line in lines.Add(chunk.Bytes))
                        {
                            yield return line;
                        }
                    }

                    if (lines.Rest() is { } last)
                    {
                        yield return last;
                    }

                    exited?.Invoke(status);
                    yield break;
                }

                await Task.Delay(pollInterval, time, cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            await CloseQuietlyAsync(handle).ConfigureAwait(false);
        }
    }

    private async Task CloseQuietlyAsync(long handle)
    {
        try
        {
            using var bound = new CancellationTokenSource(CommandTimeout, time);
            await CloseFileAsync(handle, bound.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is ActionableException or OperationCanceledException)
        {
            // The guest may be gone (the run is being torn down); an open handle dies with qemu-ga.
        }
    }

    private async Task<string> SendAsync(string command, string name, CancellationToken cancellationToken)
    {
        try
        {
            return await channel.SendAgentCommandAsync(domain, command, CommandTimeout, cancellationToken).ConfigureAwait(false);
        }
        catch (LibvirtException e)
        {
            throw Explain(e, name, "");
        }
    }

    private ActionableException Explain(LibvirtException e, string command, string within) => e.Code switch
    {
        LibvirtException.AgentUnresponsive => new ActionableException(
            $"The QEMU guest agent of domain '{domain}' is not connected{within}: {e.LibvirtMessage}.",
            $"The domain needs a guest agent channel (<channel type='unix'><target type='virtio' name='org.qemu.guest_agent.0'/></channel>) and qemu-ga running in the guest: the worker initramfs starts it once booted (its console says \"agent ready\"). Check with: virsh -c {channel.Uri} qemu-agent-command {domain} '{{\"execute\":\"guest-ping\"}}'.",
            e.Call,
            inner: e),
        LibvirtException.OperationInvalid => new ActionableException(
            $"Domain '{domain}' is not running, so its guest agent cannot run {command}: {e.LibvirtMessage}.",
            $"Start the worker (Worker VMs step, or virsh -c {channel.Uri} start {domain}) and apply again.",
            e.Call,
            inner: e),
        LibvirtException.NoSupport => new ActionableException(
            $"The libvirt driver of {channel.Uri} cannot talk to a guest agent ({e.LibvirtMessage}).",
            "Use a QEMU hypervisor (qemu:///system or qemu+ssh://…/system); the test driver has no guest agents.",
            e.Call,
            inner: e),
        _ => new ActionableException(
            $"The guest agent of domain '{domain}' failed {command}: {e.LibvirtMessage}.",
            "Read the message: a missing file or program in the worker means its initramfs is not the one scripts/emulated-lab/worker/build-initramfs.sh builds.",
            e.Call,
            inner: e),
    };

    /// <summary>Cuts bytes into UTF-8 lines, keeping an unfinished line (and a split multi-byte character) for the next chunk.</summary>
    private sealed class LineSplitter
    {
        private readonly List<byte> pending = [];

        public List<string> Add(byte[] bytes)
        {
            pending.AddRange(bytes);
            var lines = new List<string>();
            int newline;
            while ((newline = pending.IndexOf((byte)'\n')) >= 0)
            {
                lines.Add(Decode(pending.GetRange(0, newline)));
                pending.RemoveRange(0, newline + 1);
            }

            return lines;
        }

        public string? Rest()
        {
            if (pending.Count == 0)
            {
                return null;
            }

            var rest = Decode(pending);
            pending.Clear();
            return rest;
        }

        private static string Decode(List<byte> line) => Encoding.UTF8.GetString([.. line]).TrimEnd('\r');
    }
}
