using VirtSriov.Core.Runs;
using VirtSriov.Core.Steps;

namespace VirtSriov.Web.Components.Controls;

/// <summary>
/// The wizard form's edits of <see cref="RunSettings"/>: the settings themselves, except workers as comma-separated
/// text and VF overrides as <c>worker=VF,VF; worker=VF</c> text.
/// </summary>
public sealed class RunSettingsModel
{
    /// <summary>Every setting the form has a field for: the writable properties of <see cref="RunSettings"/>.</summary>
    public static IReadOnlyList<string> EditedSettings { get; } =
        [.. typeof(RunSettings).GetProperties().Where(p => p.CanWrite).Select(p => p.Name)];

    public RunSettings Settings { get; set; } = new() { PfAddress = "0000:3b:00.0" };

    public string Workers { get; set; } = string.Join(", ", new RunSettings().Workers);

    /// <summary>E.g. <c>virtsriov-worker-0=0000:3b:02.0,0000:3b:02.1; virtsriov-worker-1=0000:3b:02.2</c>; empty for none.</summary>
    public string VfOverrides { get; set; } = "";

    public bool HasWorker(string domain) => WorkerNames().Contains(domain, StringComparer.Ordinal);

    /// <summary>Adds the domain to the workers, or removes it when it is one.</summary>
    public void ToggleWorker(string domain)
    {
        var names = WorkerNames();
        Workers = string.Join(", ", names.Contains(domain, StringComparer.Ordinal) ? names.Where(n => n != domain) : names.Append(domain));
    }

    private string[] WorkerNames() => Workers.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <exception cref="RunSettingsException">The VF overrides text is not <c>worker=VF,VF; worker=VF</c>.</exception>
    public RunSettings ToSettings() => Settings with
    {
        PfAddress = Settings.PfAddress.Trim(),
        Workers = WorkerNames(),
        ClusterName = Settings.ClusterName.Trim(),
        ResourcePrefix = Settings.ResourcePrefix.Trim(),
        ResourceName = Settings.ResourceName.Trim(),
        DevicePluginImage = Settings.DevicePluginImage.Trim(),
        TestpmdImage = Settings.TestpmdImage.Trim(),
        VfOverrides = ParseOverrides(VfOverrides),
        VfMacPrefix = Settings.VfMacPrefix.Trim(),
    };

    /// <summary>Only the syntax is checked here; the engine checks workers and addresses and reports them per field.</summary>
    private static Dictionary<string, IReadOnlyList<string>> ParseOverrides(string text)
    {
        const string example = "virtsriov-worker-0=0000:3b:02.0,0000:3b:02.1; virtsriov-worker-1=0000:3b:02.2";
        var overrides = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        foreach (var entry in text.Split([';', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var parts = entry.Split('=', StringSplitOptions.TrimEntries);
            var error = parts.Length != 2 || parts[0].Length == 0 ? $"'{entry}' is not worker=VF address[,VF address]; write e.g. {example}."
                : overrides.ContainsKey(parts[0]) ? $"Worker {parts[0]} is listed twice; put all its VFs in one entry."
                : null;
            if (error is not null)
            {
                throw new RunSettingsException([new FieldError(nameof(VfOverrides), error)]);
            }

            overrides[parts[0]] = parts[1].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        }

        return overrides;
    }
}
