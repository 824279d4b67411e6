using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using VirtSriov.Core.Steps;
using YamlDotNet.RepresentationModel;

namespace VirtSriov.Cli.Runs;

/// <summary>
/// Run settings from a YAML or JSON file with the API's field names (<c>pfAddress</c>, <c>vfCount</c>, …); fields
/// left out take the wizard's defaults.
/// </summary>
public static class RunSettingsFile
{
    public static RunSettings Parse(string path, string text)
    {
        try
        {
            var json = path.EndsWith(".json", StringComparison.OrdinalIgnoreCase) ? JsonNode.Parse(text) : YamlToJson(text);
            return json.Deserialize<RunSettings>(RunJson.Options) ?? new RunSettings();
        }
        catch (Exception e) when (e is JsonException or YamlDotNet.Core.YamlException or FormatException or InvalidOperationException)
        {
            throw new CliException(ExitCodes.BadInput, $"{path}: {e.Message}", "Write the settings with the API's field names, e.g. 'pfAddress: 0000:3b:00.0' and 'vfCount: 4'.", e);
        }
    }

    private static JsonNode? YamlToJson(string yaml)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        return stream.Documents.Count == 0 ? null : Convert(stream.Documents[0].RootNode);
    }

    private static JsonNode? Convert(YamlNode node) => node switch
    {
        YamlMappingNode map => new JsonObject(map.Children.Select(c => KeyValuePair.Create(((YamlScalarNode)c.Key).Value!, Convert(c.Value)))),
        YamlSequenceNode list => new JsonArray([.. list.Children.Select(Convert)]),
        YamlScalarNode scalar => Scalar(scalar),
        _ => throw new FormatException($"Unsupported YAML node at {node.Start}."),
    };

    /// <summary>Plain scalars that read as numbers, booleans or null become those; everything else (and quoted text) stays text.</summary>
    private static JsonValue? Scalar(YamlScalarNode scalar)
    {
        var value = scalar.Value ?? "";
        if (scalar.Style != YamlDotNet.Core.ScalarStyle.Plain)
        {
            return JsonValue.Create(value);
        }

        return value switch
        {
            "null" or "~" or "" => null,
            "true" => JsonValue.Create(true),
            "false" => JsonValue.Create(false),
            _ when long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number) => JsonValue.Create(number),
            _ => JsonValue.Create(value),
        };
    }
}
