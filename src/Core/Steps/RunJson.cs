using System.Text.Json;
using System.Text.Json.Serialization;

namespace VirtSriov.Core.Steps;

/// <summary>The one JSON shape used to store plans, settings and findings.</summary>
public static class RunJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
        WriteIndented = false,
    };
}
