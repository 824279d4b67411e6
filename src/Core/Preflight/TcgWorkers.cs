using System.Xml.Linq;
using VirtSriov.Core.Libvirt;
using VirtSriov.Core.Steps;

namespace VirtSriov.Core.Preflight;

/// <summary>
/// Workers defined with <c>&lt;domain type='qemu'&gt;</c> run under QEMU's TCG emulation (as in the emulated lab): they
/// use neither KVM nor VT-x, and their Intel vIOMMU is emulated whatever the host CPU. When every planned worker is one,
/// the CPU vendor, VT-x and KVM findings are warnings (the workers will be slow), not blockers.
/// </summary>
public static class TcgWorkers
{
    private static readonly HashSet<string> HardwareAccelerationFindings = new(StringComparer.Ordinal) { "cpu.vendor", "cpu.virtualization", "kvm.device" };

    public static async Task<IReadOnlyList<StepFinding>> RelaxAsync(IReadOnlyList<StepFinding> findings, PreflightContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(findings);
        ArgumentNullException.ThrowIfNull(context);
        if (!findings.Any(f => f.Severity == FindingSeverity.Error && HardwareAccelerationFindings.Contains(f.Id))
            || !await AllEmulatedAsync(context, cancellationToken).ConfigureAwait(false))
        {
            return findings;
        }

        var workers = string.Join(", ", context.Settings.Workers);
        return [.. findings.Select(f => f.Severity == FindingSeverity.Error && HardwareAccelerationFindings.Contains(f.Id)
            ? f with
            {
                Severity = FindingSeverity.Warning,
                Observed = $"{f.Observed}; not needed here: the planned workers ({workers}) are type='qemu' (TCG emulation, no KVM, emulated vIOMMU), so they run, slowly",
            }
            : f)];
    }

    private static async Task<bool> AllEmulatedAsync(PreflightContext context, CancellationToken cancellationToken)
    {
        if (context.Settings.Workers.Count == 0)
        {
            return false;
        }

        try
        {
            var domains = await context.Lab.Hypervisor.ListDomainNamesAsync(cancellationToken).ConfigureAwait(false);
            foreach (var worker in context.Settings.Workers)
            {
                if (!domains.Contains(worker, StringComparer.Ordinal)
                    || (string?)XDocument.Parse(await context.Lab.Hypervisor.GetDomainXmlAsync(worker, inactive: true, cancellationToken).ConfigureAwait(false)).Root?.Attribute("type") != "qemu")
                {
                    return false;
                }
            }

            return true;
        }
        catch (Exception e) when (e is LibvirtException or ActionableException or InvalidOperationException or System.Xml.XmlException)
        {
            return false;
        }
    }
}
