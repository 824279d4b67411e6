using VirtSriov.Core.Steps;

namespace VirtSriov.Core.Host;

/// <summary>
/// The host's kernel log around one piece of work (the DPDK test): the known problems it logged meanwhile are warned
/// with their fix and named in the outcome, or in the error when the work failed.
/// </summary>
public static class KernelLogWatch
{
    public static async Task<StepOutcome> DuringAsync(StepContext context, Func<Task<StepOutcome>> work, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(work);
        var before = await KernelLog.ReadAsync(context.Lab.Processes, context.Log, cancellationToken).ConfigureAwait(false);
        StepOutcome outcome;
        try
        {
            outcome = await work().ConfigureAwait(false);
        }
        catch (ActionableException e)
        {
            var causes = await NamedCausesAsync(context, before).ConfigureAwait(false);
            if (causes.Length == 0)
            {
                throw;
            }

            throw new ActionableException(e.Message + causes, e.Fix, e.FailedCall, e.Field, e);
        }

        return outcome with { Summary = outcome.Summary + await NamedCausesAsync(context, before).ConfigureAwait(false) };
    }

    /// <summary>" Host kernel log meanwhile: cause; cause." or empty when it showed no known problem.</summary>
    private static async Task<string> NamedCausesAsync(StepContext context, IReadOnlyList<string> before)
    {
        // Read even when the work was cancelled: the lines that explain it are there now.
        var after = await KernelLog.ReadAsync(context.Lab.Processes, context.Log, CancellationToken.None).ConfigureAwait(false);
        var causes = KernelLog.Report(KernelLog.Since(before, after), context.Log);
        return causes.Count == 0 ? "" : $" Host kernel log meanwhile: {string.Join("; ", causes.Select(c => c.Cause))} (lines and fixes in the step log).";
    }
}
