using System.Globalization;
using System.Runtime.CompilerServices;
using VirtSriov.Core.Libvirt.Agent;
using VirtSriov.Core.Steps;

namespace VirtSriov.Core.Testpmd;

/// <summary>
/// dpdk-testpmd inside a worker VM, run through its QEMU guest agent: as nobody (uid 65534) by the worker initramfs's
/// run-unprivileged, its output followed from a file in the guest and read by <see cref="TestpmdLogReader"/> like any
/// testpmd (live samples, final totals, known failures). The planned seconds count from its first statistics block,
/// not from its start: under nested emulation DPDK's start alone can take longer than the test, and a SIGINT before
/// testpmd installs its handler ends it without a word. Before the statistics count, the process's own uid is read
/// from /proc in the guest: a root testpmd fails the test.
/// </summary>
public sealed class WorkerTestpmd(GuestAgent agent, TimeProvider time)
{
    /// <summary>The worker initramfs's wrapper: LOG SECONDS PROGRAM ARGS…</summary>
    public const string Runner = "/usr/bin/run-unprivileged";

    public const string Program = "/usr/bin/dpdk-testpmd";

    /// <summary>The uid the worker initramfs runs testpmd as (nobody).</summary>
    public const int UnprivilegedUid = 65534;

    /// <summary>How long testpmd may take to start forwarding before the worker's own timeout stops it.</summary>
    public static readonly TimeSpan StartBudget = TimeSpan.FromMinutes(10);

    private static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(1);

    /// <summary>Runs testpmd until it has forwarded for <paramref name="seconds"/> and returns what its output showed, with the uid it ran as.</summary>
    /// <exception cref="ActionableException">The agent failed, testpmd ran as root, did not start forwarding within <see cref="StartBudget"/>, or was killed by a signal before printing its totals.</exception>
    public async Task<WorkerTestpmdRun> RunAsync(IReadOnlyList<string> arguments, int seconds, string filePrefix, IStepLog log, TestpmdReadOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        ArgumentNullException.ThrowIfNull(log);
        var output = $"/tmp/{filePrefix}.log";
        var deadline = ((int)StartBudget.TotalSeconds + seconds).ToString(CultureInfo.InvariantCulture);
        await agent.CreateEmptyFileAsync(output, cancellationToken).ConfigureAwait(false);
        log.Write(RunLogLevel.Command, $"guest-exec in {agent.Domain}: {Runner} {output} {deadline} {Program} {string.Join(' ', arguments)}");
        var pid = await agent.ExecAsync(Runner, [output, deadline, Program, .. arguments], cancellationToken).ConfigureAwait(false);
        GuestExecStatus? ended = null;
        using var forwarding = new ForwardingClock(agent, pid, TimeSpan.FromSeconds(seconds), log, time);
        var summary = await TestpmdLogReader.ReadAsync(
            WatchFirstStatistics(agent.FollowAsync(pid, output, PollInterval, s => ended = s, cancellationToken), pid, forwarding, cancellationToken),
            log,
            options,
            cancellationToken).ConfigureAwait(false);
        await forwarding.StopAsync().ConfigureAwait(false);
        if (!forwarding.Started && summary.Failures.Count == 0)
        {
            // Totals without a single statistics block: stopped by the worker's own deadline before the test began.
            throw new ActionableException(
                $"testpmd in worker {agent.Domain} did not start forwarding within {StartBudget.TotalMinutes:0} minutes{(ended is null ? "" : $" and was {ended.Describe()}")}.",
                "The worker is too slow for the test (nested emulation on a busy machine, or too few vCPUs): give it more vCPUs, or run the test when the hypervisor is quieter.",
                $"guest-exec {Program} in {agent.Domain}");
        }

        if (ended is { Signal: { } signal } && !summary.Finished)
        {
            throw new ActionableException(
                $"testpmd in worker {agent.Domain} was {ended.Describe()} before it printed its totals.",
                signal == 4
                    ? "Give the worker a CPU model with the instructions DPDK needs (SSE4.2 and up): <cpu mode='host-passthrough'/> with KVM, <cpu mode='maximum'/> under TCG."
                    : "Read the output above; the worker's console shows kernel messages (out of memory, IOMMU faults).",
                $"guest-exec {Program} in {agent.Domain}");
        }

        return new WorkerTestpmdRun(summary, forwarding.Uid);
    }

    /// <summary>
    /// Passes the output on; at the first statistics block, reads the uid of the process that prints them (the pid
    /// guest-exec returned: every wrapper execs) and starts the test's clock.
    /// </summary>
    private async IAsyncEnumerable<string> WatchFirstStatistics(IAsyncEnumerable<string> lines, long pid, ForwardingClock forwarding, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var line in lines.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            if (!forwarding.Started && line.Contains("Port statistics", StringComparison.Ordinal))
            {
                var uid = await ReadUidAsync(pid, cancellationToken).ConfigureAwait(false);
                if (uid == 0)
                {
                    throw new ActionableException(
                        $"testpmd in worker {agent.Domain} runs as root (uid 0): the test must prove an unprivileged testpmd works.",
                        $"Use the worker initramfs of scripts/emulated-lab/worker/build-initramfs.sh: its {Runner} drops to uid {UnprivilegedUid}.",
                        $"/proc/{pid}/status in {agent.Domain}");
                }

                forwarding.Start(uid);
            }

            yield return line;
        }
    }

    /// <summary>The real uid from /proc/PID/status ("Uid: real effective saved fs"); null when the process has already gone.</summary>
    private async Task<int?> ReadUidAsync(long pid, CancellationToken cancellationToken)
    {
        long handle;
        try
        {
            handle = await agent.OpenFileAsync($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/status", "r", cancellationToken).ConfigureAwait(false);
        }
        catch (ActionableException)
        {
            return null;
        }

        try
        {
            var status = System.Text.Encoding.UTF8.GetString((await agent.ReadFileAsync(handle, cancellationToken).ConfigureAwait(false)).Bytes);
            var line = status.Split('\n').FirstOrDefault(l => l.StartsWith("Uid:", StringComparison.Ordinal));
            return line is null ? null : int.Parse(line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
        }
        finally
        {
            await agent.CloseFileAsync(handle, cancellationToken).ConfigureAwait(false);
        }
    }
}
