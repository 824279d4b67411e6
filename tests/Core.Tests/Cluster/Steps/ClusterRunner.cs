using VirtSriov.Core.Cluster.Steps;
using VirtSriov.Core.Steps;

namespace VirtSriov.Core.Tests.Cluster.Steps;

/// <summary>Applies the cluster steps a test needs before the one it tests.</summary>
internal static class ClusterRunner
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public static async Task<StepOutcome> ApplyAsync(IRunStep step, StepContext context) =>
        await step.ApplyAsync(context, await step.PlanAsync(context, Token), Token);

    public static Task<StepOutcome> TuneAsync(StepContext context) => ApplyAsync(new NodeTuningStep(ClusterLabFake.FastWaits), context);

    public static Task<StepOutcome> DeployDevicePluginAsync(StepContext context) => ApplyAsync(new DevicePluginStep(ClusterLabFake.FastWaits), context);

    public static Task<StepOutcome> RunTestpmdAsync(StepContext context) => ApplyAsync(new DpdkTestStep(ClusterLabFake.FastWaits), context);
}
