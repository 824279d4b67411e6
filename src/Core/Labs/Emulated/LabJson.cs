using System.Text.Json;
using VirtSriov.Core.Steps;

namespace VirtSriov.Core.Labs.Emulated;

/// <summary>result.json of a lab run: the run JSON shape (camelCase, enums as strings), indented for people.</summary>
public static class LabJson
{
    public static JsonSerializerOptions Options { get; } = new(RunJson.Options) { WriteIndented = true };

    public static async Task WriteAsync(string path, LabRunResult result, CancellationToken cancellationToken)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (directory is not null)
        {
            Directory.CreateDirectory(directory);
        }

        await using var file = File.Create(path);
        await JsonSerializer.SerializeAsync(file, result, Options, cancellationToken);
    }

    public static async Task<LabRunResult> ReadAsync(string path, CancellationToken cancellationToken)
    {
        await using var file = File.OpenRead(path);
        return await JsonSerializer.DeserializeAsync<LabRunResult>(file, Options, cancellationToken)
            ?? throw new ActionableException($"{path} holds no lab result.", "Pass the result.json written by virtsriov lab-run.");
    }
}
