using Microsoft.Extensions.Diagnostics.HealthChecks;
using VirtSriov.Core.Labs;

namespace VirtSriov.Web.Health;

/// <summary>
/// Every lab's seams answer (<see cref="LabReachability"/>). A lab out of reach degrades the dashboard rather than
/// failing it: the other labs and the history still work.
/// </summary>
public sealed class LabsHealthCheck(ILabStore labs, LabReachability reachability) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var data = new Dictionary<string, object>(StringComparer.Ordinal);
        var unreachable = new List<string>();
        foreach (var lab in await labs.ListAsync(cancellationToken))
        {
            var reach = await reachability.CheckAsync(lab, cancellationToken);
            var failed = reach.Seams.Where(s => !s.Reachable).ToList();
            data[lab.Name] = string.Join("; ", reach.Seams.Select(s => $"{s.Seam}: {(s.Reachable ? "ok" : "unreachable")}, {s.Detail}"));
            if (failed.Count > 0)
            {
                unreachable.Add($"{lab.Name} ({string.Join(", ", failed.Select(s => s.Seam))})");
            }
        }

        return unreachable.Count == 0
            ? HealthCheckResult.Healthy($"{data.Count} lab(s) reachable.", data)
            : HealthCheckResult.Degraded($"Out of reach: {string.Join("; ", unreachable)}. Check them on the Labs page.", data: data);
    }
}
