using VirtSriov.Core.Host;
using VirtSriov.Core.Steps;

namespace VirtSriov.Core.Libvirt;

/// <summary>
/// Checks the shape of the operator's per-worker VF overrides (<see cref="RunSettings.VfOverrides"/>) without the host:
/// each names a listed worker and well-formed PCI addresses, and no VF goes to two workers. Whether an address is a VF of
/// the PF is known only once the VFs exist; <see cref="VfPlacementPlanner"/> checks that.
/// </summary>
public static class VfOverridesValidator
{
    /// <summary>The settings field that holds the per-worker overrides.</summary>
    public const string Field = nameof(RunSettings.VfOverrides);

    /// <summary>The field of one worker's override, e.g. <c>VfOverrides[virtsriov-worker-0]</c>.</summary>
    public static string FieldOf(string worker) => $"{Field}[{worker}]";

    /// <summary>The address in the kernel's form (<c>0000:3b:02.0</c>), accepting upper-case hex and surrounding blanks.</summary>
    public static bool TryCanonical(string? text, out string address, out string error)
    {
        var parsed = PciAddress.TryParse(text?.Trim().ToLowerInvariant(), out var pci, out error);
        address = parsed ? pci.ToString() : "";
        return parsed;
    }

    public static IReadOnlyList<FieldError> Validate(IReadOnlyDictionary<string, IReadOnlyList<string>> overrides, IReadOnlyList<string> workers)
    {
        ArgumentNullException.ThrowIfNull(overrides);
        ArgumentNullException.ThrowIfNull(workers);
        var errors = new List<FieldError>();
        var owner = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (worker, addresses) in overrides.OrderBy(o => o.Key, StringComparer.Ordinal))
        {
            if (!workers.Contains(worker, StringComparer.Ordinal))
            {
                errors.Add(new(Field, $"The VF override names worker '{worker}', which is not one of the workers ({string.Join(", ", workers)}): remove it or add the worker."));
                continue;
            }

            if (addresses.Count == 0)
            {
                errors.Add(new(FieldOf(worker), $"The VF override of {worker} names no VF: list its VF addresses, e.g. 0000:3b:02.0, or remove the override."));
            }

            foreach (var text in addresses)
            {
                if (!TryCanonical(text, out var address, out var error))
                {
                    errors.Add(new(FieldOf(worker), $"'{text}' in the VF override of {worker} is not a PCI address. {error}"));
                }
                else if (!owner.TryAdd(address, worker))
                {
                    errors.Add(new(FieldOf(worker), owner[address] == worker
                        ? $"VF {address} is listed twice in the VF override of {worker}."
                        : $"VF {address} is given to both {owner[address]} and {worker}; one VF cannot go to two VMs."));
                }
            }
        }

        return errors;
    }
}
