namespace VirtSriov.Web.EmulatedLab;

/// <summary>Where the emulated-hardware lab's parts are (section <c>VirtSriov:EmulatedLab</c>); empty values are found as the scripts find them.</summary>
public sealed class EmulatedLabOptions
{
    public const string Section = "VirtSriov:EmulatedLab";

    /// <summary>Where scripts/emulated-lab/README.md publishes the CLI: outside /run, which the guest covers with a tmpfs.</summary>
    public const string DefaultCliPath = "/var/tmp/virtsriov-cli/VirtSriov.Cli.dll";

    /// <summary>scripts/emulated-lab of the repository; by default found upwards from the dashboard's binaries.</summary>
    public string ScriptsDirectory { get; set; } = "";

    /// <summary>The lab's kernel and initramfs cache, as scripts/emulated-lab/lab-paths.sh chooses it.</summary>
    public string CacheDirectory { get; set; } = "";

    /// <summary>The virtsriov CLI run in the guest; by default <see cref="DefaultCliPath"/> (the dashboard does not reference the CLI).</summary>
    public string CliPath { get; set; } = "";

    /// <summary>The emulated hypervisor powers off after this many minutes without an active run on it.</summary>
    public int IdlePowerOffMinutes { get; set; } = 30;

    /// <summary>How long the guest may run before run.sh stops it.</summary>
    public int TimeoutSeconds { get; set; } = 600;
}
