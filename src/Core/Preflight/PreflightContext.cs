using VirtSriov.Core.Labs;
using VirtSriov.Core.Steps;

namespace VirtSriov.Core.Preflight;

/// <summary>What a preflight check reads: the lab's seams and the run's settings (the planned PF and workers).</summary>
/// <param name="Lab">The lab's seams; checks only read them.</param>
/// <param name="Settings">The wizard's settings, or the defaults when preflight runs without a run (API, CLI).</param>
public sealed record PreflightContext(ILabEnvironment Lab, RunSettings Settings);
