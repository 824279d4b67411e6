using System.Text.RegularExpressions;
using VirtSriov.Core.Cluster;
using VirtSriov.Core.Libvirt;
using VirtSriov.Core.Steps;

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

    /// <summary>Most workers a run can have; also the most VF overrides.</summary>
    public const int MaxWorkers = 64;

    /// <summary>Most VFs a PF is asked for (the largest Intel PFs have 256; headroom for others).</summary>
    public const int MaxVfCount = 1024;

    /// <summary>Most VFs one worker gets, and most addresses in one worker's override.</summary>
    public const int MaxVfsPerWorker = 256;

    /// <summary>Most errors reported at once; the rest are counted, so a huge bad body gets a short answer.</summary>
    public const int MaxErrors = 50;

    public static IReadOnlyList<FieldError> Validate(RunSettings settings, bool simulatedLab)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var missing = MissingFields(settings);
        if (missing.Count > 0)
        {
            return missing;
        }

        var errors = new List<FieldError>();
        ValidateWorkers(settings.Workers, errors);
        ValidateOverrides(settings, errors);

        if (!Enum.IsDefined(settings.RunProfile))
        {
            errors.Add(new(nameof(RunSettings.RunProfile), $"{(int)settings.RunProfile} is not a run profile: choose one of {string.Join(", ", Enum.GetNames<RunProfile>())}."));
        }

        if (settings.RunProfile == RunProfile.HypervisorOnly && settings.DeployClusterWithKcli)
        {
            errors.Add(new(nameof(RunSettings.DeployClusterWithKcli), $"The {RunProfile.HypervisorOnly.DisplayName()} profile has no Cluster step to deploy with kcli: untick it, or choose the {RunProfile.Full.DisplayName()} profile."));
        }

        if (!Enum.IsDefined(settings.VfPlacement))
        {
            errors.Add(new(nameof(RunSettings.VfPlacement), $"{(int)settings.VfPlacement} is not a VF placement: choose one of {string.Join(", ", Enum.GetNames<VfPlacementMode>())}."));
        }

        if (settings.VfCount > MaxVfCount)
        {
            errors.Add(new(nameof(RunSettings.VfCount), $"VF count is {settings.VfCount}; enter at most {MaxVfCount}."));
        }

        if (settings.VfsPerWorker is < 1 or > MaxVfsPerWorker)
        {
            errors.Add(new(nameof(RunSettings.VfsPerWorker), $"{settings.VfsPerWorker} VFs per worker: each worker needs 1 to {MaxVfsPerWorker}."));
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
        // Only the pod test pulls the image; a Hypervisor only run runs the worker's own testpmd.
        if (!simulatedLab && settings.RunProfile == RunProfile.Full && ImageReference().IsMatch(settings.TestpmdImage) && !ImageDigest.IsPinned(settings.TestpmdImage))
        {
            errors.Add(new(
                nameof(RunSettings.TestpmdImage),
                $"{Describe(settings.TestpmdImage)} is not pinned by digest: a tag such as :latest can name another image by the next run. "
                + $"Enter name@sha256:<64 hex digits>; get the digest with `skopeo inspect docker://{settings.TestpmdImage}` (its Digest) or `oc image info {settings.TestpmdImage}`."));
        }

        if (settings.MaxWorkerMemoryMiB is < 64 or > 16 * 1024 * 1024)
        {
            errors.Add(new(nameof(RunSettings.MaxWorkerMemoryMiB), $"{settings.MaxWorkerMemoryMiB} MiB: enter a worker RAM ceiling of 64 MiB to 16 TiB, or leave it empty for none."));
        }

        if (settings.TestpmdSeconds is < 5 or > 3600)
        {
            errors.Add(new(nameof(RunSettings.TestpmdSeconds), $"{settings.TestpmdSeconds} s: run the DPDK test for 5 to 3600 seconds."));
        }

        return Capped(errors);
    }

    /// <summary>True when a required value is null (JSON <c>null</c>): nothing else can be checked then.</summary>
    public static bool HasMissingFields(RunSettings settings) => MissingFields(settings).Count > 0;

        /// <summary>JSON <c>null</c> where a value is required (the record's defaults do not apply to an explicit null).</summary>
    private static List<FieldError> MissingFields(RunSettings s)
    {
        (string Field, object? Value)[] required =
        [
            (nameof(s.PfAddress), s.PfAddress), (nameof(s.VfMacPrefix), s.VfMacPrefix), (nameof(s.Workers), s.Workers),
            (nameof(s.ClusterName), s.ClusterName), (nameof(s.ResourcePrefix), s.ResourcePrefix), (nameof(s.ResourceName), s.ResourceName),
            (nameof(s.HugepageSize), s.HugepageSize), (nameof(s.DevicePluginImage), s.DevicePluginImage), (nameof(s.TestpmdImage), s.TestpmdImage),
            (nameof(s.VfOverrides), s.VfOverrides),
        ];
        var errors = required.Where(r => r.Value is null).Select(r => new FieldError(r.Field, $"{RunSettingsLabels.For(r.Field)} is null: give a value or leave the field out for its default.")).ToList();
        if (s.Workers is not null && s.Workers.Any(w => w is null))
        {
            errors.Add(new(nameof(s.Workers), "A worker name is null: give each worker's libvirt domain name."));
        }

        if (s.VfOverrides is not null && s.VfOverrides.Any(o => o.Value is null || o.Value.Any(a => a is null)))
        {
            errors.Add(new(nameof(s.VfOverrides), "A VF override is null or holds null: list PCI addresses such as 0000:3b:02.0."));
        }

        return errors;
    }

    private static void ValidateOverrides(RunSettings settings, List<FieldError> errors)
    {
        if (settings.VfOverrides.Count > MaxWorkers || settings.VfOverrides.Values.Any(v => v.Count > MaxVfsPerWorker))
        {
            errors.Add(new(VfOverridesValidator.Field, $"VF overrides are limited to {MaxWorkers} workers of at most {MaxVfsPerWorker} addresses each."));
            return;
        }

        if (settings.Workers.Count <= MaxWorkers)
        {
            errors.AddRange(VfOverridesValidator.Validate(settings.VfOverrides, settings.Workers));
        }
    }

    private static List<FieldError> Capped(List<FieldError> errors) =>
        errors.Count <= MaxErrors
            ? errors
            : [.. errors.Take(MaxErrors), new(errors[MaxErrors].Field, $"… and {errors.Count - MaxErrors} more errors; fix these first.")];

    private static void ValidateWorkers(IReadOnlyList<string> workers, List<FieldError> errors)
    {
        const string field = nameof(RunSettings.Workers);
        if (workers.Count == 0)
        {
            errors.Add(new(field, "No worker VM named: enter the libvirt domain names of the workers, e.g. ocp-worker-0."));
            return;
        }

        if (workers.Count > MaxWorkers)
        {
            errors.Add(new(field, $"{workers.Count} workers named: at most {MaxWorkers}."));
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

    private static string Describe(string value) => value.Length == 0 ? "An empty value" : value.Length > 80 ? $"'{value[..80]}…'" : $"'{value}'";

    [GeneratedRegex("^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$")]
    private static partial Regex DnsLabel();

    [GeneratedRegex(@"^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$")]
    private static partial Regex DnsSubdomain();

    [GeneratedRegex("^[A-Za-z0-9_]{1,63}$")]
    private static partial Regex ResourceName();

    [GeneratedRegex("^[a-z0-9][a-z0-9._/:@-]{0,254}$", RegexOptions.IgnoreCase)]
    private static partial Regex ImageReference();
}
