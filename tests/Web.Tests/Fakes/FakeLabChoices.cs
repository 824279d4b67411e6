using VirtSriov.Core.Labs;
using VirtSriov.Web.Choices;

namespace VirtSriov.Web.Tests.Fakes;

/// <summary>Offers the same <see cref="Choices"/> for every lab.</summary>
public sealed class FakeLabChoices : ILabChoices
{
    public LabChoices Choices { get; set; } = LabChoices.None;

    public Task<LabChoices> ReadAsync(LabDefinition lab, CancellationToken cancellationToken) => Task.FromResult(Choices);
}
