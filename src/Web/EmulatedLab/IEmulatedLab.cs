using VirtSriov.Core.Labs.Emulated;

namespace VirtSriov.Web.EmulatedLab;

/// <summary>The emulated-hardware lab as the dashboard offers it: one background job at a time.</summary>
public interface IEmulatedLab
{
    /// <summary>The job running now, or the last one.</summary>
    EmulatedLabJob? Current { get; }

    Task<EmulatedLabReadiness> CheckAsync(CancellationToken cancellationToken);

    /// <summary>Starts a job; refused (ActionableException) while one runs or when the lab is not ready.</summary>
    Task<EmulatedLabJob> StartAsync(LabRunOptions options, CancellationToken cancellationToken);
}
