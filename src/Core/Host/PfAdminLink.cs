using System.Globalization;
using VirtSriov.Core.Steps;

namespace VirtSriov.Core.Host;

/// <summary>
/// The PF's administrative link state (IFF_UP in its netdev's flags). Apply brings a PF that is down up, since its VFs
/// have no link otherwise; the plan records that it found the PF down, so that teardown puts it down again: a PF left up
/// gets addresses and, by router advertisement, a default route the host did not have.
/// </summary>
internal static class PfAdminLink
{
    public const string FoundDownArtifact = "pf-link-found-down.txt";

    private const int IffUp = 0x1;

    /// <summary>The record a plan that brings the link up stores with the run (nothing otherwise).</summary>
    public static IReadOnlyList<PlanArtifact> Artifacts(VfPlan plan) =>
        plan.BringLinkUp
            ? [new PlanArtifact(FoundDownArtifact, "text", $"{plan.PfNetdev} of {plan.PfAddress} was administratively down when planned; Apply sets it up and teardown sets it down again.\n")]
            : [];

    /// <summary>Whether a plan of the run found the PF down (a later plan of the same run finds it up: the first record counts).</summary>
    public static bool WasFoundDown(IReadOnlyList<PlanArtifact>? recorded) =>
        recorded?.Any(a => a.Name == FoundDownArtifact) == true;

    /// <summary>
    /// The write that sets or clears IFF_UP, keeping the other flags as <paramref name="sysfs"/> shows them (read through the
    /// PF's folder, which a snapshot of the PF holds).
    /// </summary>
    public static SysfsWrite Set(ISysfs sysfs, PhysicalFunctionInfo pf, bool up)
    {
        var netdev = pf.Netdev ?? throw new ArgumentException($"{pf.Address} has no network interface.", nameof(pf));
        var flags = int.Parse(sysfs.ReadText($"{SysfsPaths.Device(pf.Address)}/net/{netdev}/flags").Trim().Replace("0x", "", StringComparison.Ordinal), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture);
        var value = up ? flags | IffUp : flags & ~IffUp;
        return new SysfsWrite(SysfsPaths.NetFlags(netdev), $"0x{value.ToString("x", CultureInfo.InvariantCulture)}");
    }
}
