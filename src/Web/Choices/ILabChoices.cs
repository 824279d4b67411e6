using VirtSriov.Core.Labs;

namespace VirtSriov.Web.Choices;

/// <summary>Reads what a lab offers to pick from (PFs, worker domains) for the wizard's pickers.</summary>
public interface ILabChoices
{
    Task<LabChoices> ReadAsync(LabDefinition lab, CancellationToken cancellationToken);
}
