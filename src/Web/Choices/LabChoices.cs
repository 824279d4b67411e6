namespace VirtSriov.Web.Choices;

/// <summary>
/// What the wizard offers to pick from on a lab: its SR-IOV PFs (from the inventory) and its hypervisor's domains.
/// <paramref name="Problem"/> says why a list is missing when the lab could not be read; free text still works then.
/// </summary>
public sealed record LabChoices(IReadOnlyList<PfChoice> Pfs, IReadOnlyList<string> Domains, string? Problem = null)
{
    public static LabChoices None { get; } = new([], []);
}
