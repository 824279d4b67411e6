using System.Text.Json;
using System.Text.Json.Nodes;
using VirtSriov.Core.Cluster.Steps;
using VirtSriov.Core.Host;
using VirtSriov.Core.Libvirt;
using VirtSriov.Core.Preflight;
using VirtSriov.Core.Steps;

namespace VirtSriov.Data.Runs;

/// <summary>
/// Reads a stored <see cref="StepPlan"/>, also in the form written before its details were typed JSON:
/// a <c>detailsJson</c> string holding the details without a type discriminator.
/// </summary>
internal static class StoredStepPlan
{
    private const string LegacyDetailsProperty = "detailsJson";

    // The details type of each step when the old form was written; a type added later never stood in an old row.
    private static readonly Dictionary<StepKind, string> LegacyDetailsTypes = new()
    {
        [StepKind.Preflight] = nameof(PreflightPlanDetails),
        [StepKind.VirtualFunctions] = nameof(VfPlan),
        [StepKind.Cluster] = nameof(ClusterPlanDetails),
        [StepKind.WorkerVms] = nameof(WorkerVmsPlan),
        [StepKind.NodeTuning] = nameof(NodeTuningPlanDetails),
        [StepKind.DevicePlugin] = nameof(DevicePluginPlanDetails),
        [StepKind.DpdkTest] = nameof(DpdkTestPlanDetails),
    };

    public static StepPlan Read(string json)
    {
        var plan = JsonNode.Parse(json)?.AsObject() ?? throw new InvalidOperationException("A stored plan is null.");
        if (plan[LegacyDetailsProperty] is JsonValue legacy)
        {
            plan.Remove(LegacyDetailsProperty);
            var step = Enum.Parse<StepKind>(plan["step"]!.GetValue<string>());
            plan["details"] = TypedDetails(step, legacy.GetValue<string>());
        }

        return plan.Deserialize<StepPlan>(RunJson.Options) ?? throw new InvalidOperationException("A stored plan is null.");
    }

    private static JsonObject TypedDetails(StepKind step, string detailsJson)
    {
        var details = JsonNode.Parse(detailsJson);
        // Preflight stored its findings list bare.
        var typed = details as JsonObject ?? new JsonObject { ["findings"] = details };
        typed.Insert(0, RunJson.PlanDetailsDiscriminator, LegacyDetailsTypes[step]);
        return typed;
    }
}
