using VirtSriov.Core.Labs.Emulated;
using VirtSriov.Core.Steps;
using VirtSriov.Web.EmulatedLab;

namespace VirtSriov.Web.Tests.Fakes;

/// <summary>An emulated lab whose readiness is set by the test and whose job the test drives.</summary>
public sealed class FakeEmulatedLab : IEmulatedLab
{
    public EmulatedLabReadiness Readiness { get; set; } = EmulatedLabReadiness.Ready;

    public EmulatedLabJob? Current { get; private set; }

    public List<LabRunOptions> Started { get; } = [];

    public Task<EmulatedLabReadiness> CheckAsync(CancellationToken cancellationToken) => Task.FromResult(Readiness);

    public Task<EmulatedLabJob> StartAsync(LabRunOptions options, CancellationToken cancellationToken)
    {
        if (!Readiness.IsReady)
        {
            throw new ActionableException(Readiness.Problem!, Readiness.Fix ?? "");
        }

        Started.Add(options);
        Current = new EmulatedLabJob(options, "/var/tmp/fake-job", DateTimeOffset.UnixEpoch);
        return Task.FromResult(Current);
    }
}
