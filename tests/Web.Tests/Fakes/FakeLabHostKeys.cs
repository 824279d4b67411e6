using VirtSriov.Core.Host.Remote;
using VirtSriov.Core.Labs;
using VirtSriov.Core.Steps;
using VirtSriov.Web.Ssh;

namespace VirtSriov.Web.Tests.Fakes;

/// <summary>Host keys without SSH: each lab's state as set in <see cref="States"/>; confirming the offered fingerprint makes it trusted.</summary>
public sealed class FakeLabHostKeys : ILabHostKeys
{
    public Dictionary<Guid, HostKeyState> States { get; } = [];

    public List<(Guid LabId, string Fingerprint)> Confirmed { get; } = [];

    public Task<HostKeyState?> CheckAsync(LabDefinition lab, CancellationToken cancellationToken) =>
        Task.FromResult(States.GetValueOrDefault(lab.Id));

    public Task ConfirmAsync(LabDefinition lab, string fingerprint, CancellationToken cancellationToken)
    {
        if (States.GetValueOrDefault(lab.Id) is not { Verdict: HostKeyVerdict.Unknown } state || state.Fingerprint != fingerprint)
        {
            throw new ActionableException($"{lab.Name} does not offer {fingerprint}: nothing was trusted.", "Compare the fingerprint again.", field: "Fingerprint");
        }

        Confirmed.Add((lab.Id, fingerprint));
        States[lab.Id] = new HostKeyState(HostKeyVerdict.Trusted, null, null, "trusted", null);
        return Task.CompletedTask;
    }
}
