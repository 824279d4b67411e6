using VirtSriov.Core.Processes;
using VirtSriov.Core.Steps;

namespace VirtSriov.Core.Host;

/// <summary>
/// The host's kernel log, read through the lab's process seam with <c>dmesg --kernel</c> (the simulated lab answers
/// from its simulated kmsg), and the known problems it shows named with their fix (see <see cref="KernelLogCauses"/>).
/// </summary>
public static class KernelLog
{
    public const string Program = "dmesg";

    public static readonly IReadOnlyList<string> Arguments = ["--kernel", "--color=never"];

    /// <summary>Every line of the kernel ring buffer; empty (with a log line saying why) when it cannot be read.</summary>
    public static async Task<IReadOnlyList<string>> ReadAsync(IProcessRunner processes, IStepLog log, CancellationToken cancellationToken)
    {
        try
        {
            var result = await processes.RunAsync(Program, Arguments, cancellationToken).ConfigureAwait(false);
            if (result.Succeeded)
            {
                return result.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            }

            log.Info($"The kernel log could not be read (dmesg exit code {result.ExitCode}: {result.StandardError.Trim()}); its causes are not named.");
        }
        catch (ProgramNotFoundException)
        {
            log.Info("dmesg is not installed; kernel log causes are not named.");
        }

        return [];
    }

    /// <summary>The lines of <paramref name="after"/> that came after <paramref name="before"/> was read.</summary>
    public static IReadOnlyList<string> Since(IReadOnlyList<string> before, IReadOnlyList<string> after)
    {
        if (before.Count <= after.Count && before.Select((line, i) => line == after[i]).All(same => same))
        {
            return after.Skip(before.Count).ToList();
        }

        // The ring buffer wrapped: keep the lines not seen before.
        var seen = before.ToHashSet(StringComparer.Ordinal);
        return after.Where(line => !seen.Contains(line)).ToList();
    }

    /// <summary>Logs each known problem among <paramref name="lines"/> as a warning with its fix; returns them.</summary>
    public static IReadOnlyList<KernelLogCause> Report(IReadOnlyList<string> lines, IStepLog log)
    {
        var causes = KernelLogCauses.Name(lines);
        foreach (var cause in causes)
        {
            log.Warn($"Kernel log: {cause.Cause} — \"{cause.Line}\". Fix: {cause.Fix}");
        }

        return causes;
    }
}
