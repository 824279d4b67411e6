using System.Text.Json;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace VirtSriov.Web.Health;

/// <summary>The detailed health answer: overall status, then each check's status, description and data.</summary>
public static class HealthReportWriter
{
    public static Task WriteAsync(HttpContext context, HealthReport report)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(report);
        var body = new
        {
            status = report.Status.ToString(),
            checks = report.Entries.ToDictionary(e => e.Key, e => new
            {
                status = e.Value.Status.ToString(),
                description = e.Value.Description ?? e.Value.Exception?.Message,
                data = e.Value.Data,
            }),
        };
        return context.Response.WriteAsJsonAsync(body, context.RequestAborted);
    }
}
