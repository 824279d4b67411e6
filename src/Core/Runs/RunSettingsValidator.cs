using System.Text.RegularExpressions;
using VirtSriov.Core.Cluster;
using VirtSriov.Core.Libvirt;

namespace VirtSriov.Core.Runs;

/// <summary>
/// Checks the shape of the wizard's fields (names, images, sizes). What depends on the host (the PF and its
/// VF count) is checked against sysfs by <c>Host.VfSettingsValidator</c>.
/// </summary>
/// <remarks>
/// On a real cluster the testpmd image must be pinned by digest so every run tests the same image; there is no
/// default digest to fall back on. The simulated lab pulls no image (testpmd runs on the host on null devices).
/// </remarks>
public static partial class RunSettingsValidator
{
    private const string NameHelp = "use letters, digits, '.', '-' and '_' only";

    public static IReadOnlyList<FieldError> Validate(RunSettings settings, bool simulatedLab)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var errors = new List<FieldError>();
        ValidateWorkers(settings.Workers, errors);
        errors.AddRange(VfOverridesValidator.Validate(settings.VfOverrides, settings.Workers));

        if (settings.VfsPerWorker < 1)
        {
            errors.Add(new(nameof(RunSettings.VfsPerWorker), $"{settings.VfsPerWorker} VFs per worker: each worker needs at least 1."));
        }

        if (!DnsLabel().IsMatch(settings.ClusterName))
        {
            errors.Add(new(nameof(RunSettings.ClusterName), Describe(settings.ClusterName) + " is not a DNS label: use lower-case letters, digits and '-', at most 63, starting and ending with a letter or digit."));
        }

        if (!DnsSubdomain().IsMatch(settings.ResourcePrefix))
        {
            errors.Add(new(nameof(RunSettings.ResourcePrefix), Describe(settings.ResourcePrefix) + " is not a DNS subdomain such as 'openshift.io'."));
        }

        if (!ResourceName().IsMatch(settings.ResourceName))
        {
            errors.Add(new(nameof(RunSettings.ResourceName), Describe(settings.ResourceName) + " is not a device plugin resource name: use letters, digits and '_' only (e.g. intelnics)."));
        }

        if (settings.HugepageSize is not ("1G" or "2M"))
        {
            errors.Add(new(nameof(RunSettings.HugepageSize), Describe(settings.HugepageSize) + " is not a hugepage size: choose 1G or 2M."));
        }

        if (settings.HugepageCount is < 1 or > 1024)
        {
            errors.Add(new(nameof(RunSettings.HugepageCount), $"{settings.HugepageCount} hugepages: choose 1 to 1024 per worker."));
        }

        ValidateImage(nameof(RunSettings.DevicePluginImage), settings.DevicePluginImage, errors);
        ValidateImage(nameof(RunSettings.TestpmdImage), settings.TestpmdImage, errors);
        if (!simulatedLab && ImageReference().IsMatch(settings.TestpmdImage) && !ImageDigest.IsPinned(settings.TestpmdImage))
        {
            errors.Add(new(
                nameof(RunSettings.TestpmdImage),
                $"{Describe(settings.TestpmdImage)} is not pinned by digest: a tag such as :latest can name another image by the next run. "
                + $"Enter name@sha256:<64 hex digits>; get the digest with `skopeo inspect docker://{settings.TestpmdImage}` (its Digest) or `oc image info {settings.TestpmdImage}`."));
        }

        if (settings.TestpmdSeconds is < 5 or > 3600)
        {
            errors.Add(new(nameof(RunSettings.TestpmdSeconds), $"{settings.TestpmdSeconds} s: run the DPDK test for 5 to 3600 seconds."));
        }

        return errors;
    }

    private static void ValidateWorkers(IReadOnlyList<string> workers, List<FieldError> errors)
    {
        const string field = nameof(RunSettings.Workers);
        if (workers.Count == 0)
        {
            errors.Add(new(field, "No worker VM named: enter the libvirt domain names of the workers, e.g. ocp-worker-0."));
            return;
        }

        foreach (var name in workers)
        {
            var bad = name.FirstOrDefault(c => !(char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_'));
            if (name.Length == 0)
            {
                errors.Add(new(field, $"A worker name is empty: {NameHelp}."));
            }
            else if (bad != default)
            {
                errors.Add(new(field, $"Worker name {Describe(name)} contains '{bad}': {NameHelp}."));
            }
            else if (name.Length > 63)
            {
                errors.Add(new(field, $"Worker name {Describe(name)} is longer than 63 characters."));
            }
        }

        foreach (var duplicate in workers.GroupBy(w => w, StringComparer.Ordinal).Where(g => g.Count() > 1))
        {
            errors.Add(new(field, $"Worker {Describe(duplicate.Key)} is listed twice: each VM gets its own VFs."));
        }
    }

    private static void ValidateImage(string field, string image, List<FieldError> errors)
    {
        if (!ImageReference().IsMatch(image))
        {
            errors.Add(new(field, Describe(image) + " is not an image reference such as quay.io/org/name:tag."));
        }
    }

    private static string Describe(string value) => value.Length == 0 ? "An empty value" : $"'{value}'";

    [GeneratedRegex("^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$")]
    private static partial Regex DnsLabel();

    [GeneratedRegex(@"^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$")]
    private static partial Regex DnsSubdomain();

    [GeneratedRegex("^[A-Za-z0-9_]{1,63}$")]
    private static partial Regex ResourceName();

    [GeneratedRegex("^[a-z0-9][a-z0-9._/:@-]{0,254}$", RegexOptions.IgnoreCase)]
    private static partial Regex ImageReference();
}
