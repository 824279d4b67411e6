namespace VirtSriov.Core.Runs;

public sealed record RunPage(IReadOnlyList<RunSummary> Items, int Total);
