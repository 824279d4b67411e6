using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace VirtSriov.EndToEnd.Tests;

/// <summary>axe-core run on each page the walk visits; keeps the serious and critical violations with where they were found.</summary>
public sealed class AccessibilityScan
{
    private readonly List<string> _violations = [];
    private readonly List<string> _scanned = [];

    /// <summary>The pages scanned, in order, by the name the walk gave them.</summary>
    public IReadOnlyList<string> Scanned => _scanned;

    /// <summary>Each serious or critical violation: page, rule, impact, help and the elements it was found on.</summary>
    public IReadOnlyList<string> Violations => _violations;

    public async Task ScanAsync(IPage page, string name)
    {
        var result = await page.RunAxe();
        _scanned.Add(name);
        foreach (var violation in result.Violations.Where(v => v.Impact is "serious" or "critical"))
        {
            var targets = string.Join("; ", violation.Nodes.Take(5).Select(n => n.Target?.ToString() ?? n.Html));
            _violations.Add($"{name}: {violation.Id} ({violation.Impact}) {violation.Help} at {targets}");
        }
    }
}
