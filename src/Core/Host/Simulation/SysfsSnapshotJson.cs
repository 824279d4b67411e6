using System.Text.Json;
using VirtSriov.Core.Steps;

namespace VirtSriov.Core.Host.Simulation;

/// <summary>A <see cref="SysfsSnapshot"/> as JSON (the run JSON shape, indented), as checked in as test data.</summary>
public static class SysfsSnapshotJson
{
    private static readonly JsonSerializerOptions Options = new(RunJson.Options) { WriteIndented = true };

    public static string Serialize(SysfsSnapshot snapshot) => JsonSerializer.Serialize(snapshot, Options) + "\n";

    public static SysfsSnapshot Deserialize(string json) =>
        JsonSerializer.Deserialize<SysfsSnapshot>(json, Options) ?? throw new JsonException("The file holds no sysfs snapshot.");
}
