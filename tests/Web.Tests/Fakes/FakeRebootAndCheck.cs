using VirtSriov.Core.Host.Persistence;
using VirtSriov.Core.Runs;
using VirtSriov.Core.Steps;

namespace VirtSriov.Web.Tests.Fakes;

/// <summary>Reboot and check without a host: answers with <see cref="Interruptions"/> and <see cref="Report"/>; refuses unconfirmed reboots as the real one does.</summary>
public sealed class FakeRebootAndCheck : IRebootAndCheck
{
    public string Interruptions { get; set; } = "Rebooting root@127.0.0.1:2222 stops every program on it: running domains none.";

    public RebootCheckReport Report { get; set; } = new("root@127.0.0.1:2222", 312, [new("VFs of 0000:00:04.0", "2", "2", true)]);

    public List<Guid> Rebooted { get; } = [];

    public Task<string> InterruptionsAsync(Guid runId, CancellationToken cancellationToken) => Task.FromResult(Interruptions);

    public Task<RebootCheckReport> RunAsync(Guid runId, bool confirmed, CancellationToken cancellationToken)
    {
        if (!confirmed)
        {
            throw new ActionableException(Interruptions, "Confirm the reboot.", field: "Confirm");
        }

        Rebooted.Add(runId);
        return Task.FromResult(Report);
    }
}
