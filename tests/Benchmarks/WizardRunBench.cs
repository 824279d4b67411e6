using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using VirtSriov.Core.Labs;
using VirtSriov.Core.Runs;
using VirtSriov.Core.Steps;

namespace VirtSriov.Benchmarks;

/// <summary>A whole run on the simulated lab through the real engine, steps and SQLite, with real testpmd.</summary>
internal static class WizardRunBench
{
    public static async Task RunAsync(int testpmdSeconds)
    {
        var data = Directory.CreateTempSubdirectory("virtsriov-bench-").FullName;
        try
        {
            var clock = Stopwatch.StartNew();
            await using var services = await BenchHost.StartAsync(data);
            var lab = await services.GetRequiredService<SimulatedLabProvisioner>().EnsureAsync(CancellationToken.None);
            var engine = services.GetRequiredService<RunEngine>();
            var started = clock.Elapsed;
            var runId = await engine.CreateRunAsync(lab.Id, new RunSettings { PfAddress = "0000:3b:00.0", TestpmdSeconds = testpmdSeconds }, CancellationToken.None);
            var run = await engine.RunRemainingAsync(runId, CancellationToken.None);
            var total = clock.Elapsed - started;

            Console.WriteLine($"wizard run: services + database + simulated lab ready in {started.TotalMilliseconds:N0} ms");
            foreach (var step in run.Steps)
            {
                var took = step.FinishedAt - step.StartedAt;
                Console.WriteLine($"wizard run:   {step.Step,-17} {step.Status,-10} {took?.TotalMilliseconds,8:N0} ms  {step.Outcome ?? step.Error}");
            }

            Console.WriteLine($"wizard run: {run.Status} in {total.TotalSeconds:N1} s including a {testpmdSeconds} s testpmd phase (goal < 60 s: ratio {total.TotalSeconds / 60:N2} of the budget)");
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }
}
