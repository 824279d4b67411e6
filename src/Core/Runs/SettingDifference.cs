namespace VirtSriov.Core.Runs;

/// <summary>A run setting whose value differs between two runs, as JSON text (e.g. <c>4</c>, <c>"1G"</c>).</summary>
public sealed record SettingDifference(string Setting, string A, string B);
