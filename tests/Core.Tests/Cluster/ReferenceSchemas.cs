using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Json.Schema;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;
using VirtSriov.Core.Tests.TestSupport;
using Xunit;

namespace VirtSriov.Core.Tests.Cluster;

/// <summary>
/// The real CRD and Ignition schemas from the shared reference folder (<see cref="Folder"/>), as JSON Schema 2020-12. Kubernetes prunes fields
/// a structural schema does not declare, so undeclared fields are made errors here (a typo then fails a test).
/// </summary>
internal static partial class ReferenceSchemas
{
    public const string FolderVariable = "VIRTSRIOV_REFERENCE";

    /// <summary><see cref="FolderVariable"/> when set, else <c>../shared/reference</c> next to the repository root.</summary>
    public static string Folder => Locate(Environment.GetEnvironmentVariable(FolderVariable), RepositoryRoot.Path);

    public static string Locate(string? overridden, string repositoryRoot) =>
        string.IsNullOrEmpty(overridden) ? System.IO.Path.GetFullPath(System.IO.Path.Combine(repositoryRoot, "..", "shared", "reference")) : overridden;

    public static void SkipUnlessPresent() =>
        Assert.SkipUnless(Directory.Exists(Folder), $"The reference schemas are missing: {Folder} (set {FolderVariable}).");

    /// <summary>The openAPIV3Schema of one served version of a CRD.</summary>
    public static JsonSchema Crd(string file, string version)
    {
        var crd = YamlToJson(File.ReadAllText(Path.Combine(Folder, "crds", file)));
        var schema = crd["spec"]!["versions"]!.AsArray().Single(v => (string?)v!["name"] == version)!["schema"]!["openAPIV3Schema"]!.DeepClone().AsObject();
        FromOpenApi(schema);
        schema["$schema"] = "https://json-schema.org/draft/2020-12/schema";
        return JsonSchema.FromText(schema.ToJsonString());
    }

    /// <summary>Ignition's draft-04 schema read as 2020-12 (it uses no keyword that changed), with unknown keys refused.</summary>
    public static JsonSchema Ignition(string file)
    {
        var schema = JsonNode.Parse(File.ReadAllText(Path.Combine(Folder, "ignition", file)))!.AsObject();
        schema["$schema"] = "https://json-schema.org/draft/2020-12/schema";
        var composed = schema.ToJsonString();
        RefuseUnknown(schema, "#", ComposedRefs().Matches(composed).Select(m => m.Groups[1].Value).ToHashSet(StringComparer.Ordinal));
        return JsonSchema.FromText(schema.ToJsonString());
    }

    public static void AssertValid(JsonSchema schema, JsonNode instance)
    {
        var result = schema.Evaluate(instance, new EvaluationOptions { OutputFormat = OutputFormat.List });
        var errors = result.Details
            .Where(d => d.Errors is not null)
            .SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Key}: {e.Value}"))
            .ToList();
        Assert.True(result.IsValid, "Schema errors:\n" + string.Join('\n', errors));
    }

    public static bool IsValid(JsonSchema schema, JsonNode instance) => schema.Evaluate(instance).IsValid;

    /// <summary>YAML (one document) to JSON with YAML 1.2 core-schema scalars: plain true/false/null/numbers are typed.</summary>
    public static JsonNode YamlToJson(string yaml)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        return Convert(stream.Documents[0].RootNode)!;
    }

    private static JsonNode? Convert(YamlNode node) => node switch
    {
        YamlMappingNode map => new JsonObject(map.Children.Select(c => KeyValuePair.Create(((YamlScalarNode)c.Key).Value!, Convert(c.Value)))),
        YamlSequenceNode seq => new JsonArray([.. seq.Children.Select(Convert)]),
        YamlScalarNode { Style: ScalarStyle.Plain } s => Plain(s.Value ?? ""),
        YamlScalarNode s => JsonValue.Create(s.Value),
        _ => throw new InvalidOperationException(node.NodeType.ToString()),
    };

    private static JsonValue? Plain(string text) => text switch
    {
        "" or "~" or "null" => null,
        "true" => JsonValue.Create(true),
        "false" => JsonValue.Create(false),
        _ when Integer().IsMatch(text) => JsonValue.Create(long.Parse(text, CultureInfo.InvariantCulture)),
        _ when Float().IsMatch(text) => JsonValue.Create(double.Parse(text, CultureInfo.InvariantCulture)),
        _ => JsonValue.Create(text),
    };

    /// <summary>Drops x-kubernetes-* extensions, turns <c>nullable</c> into a null type, and refuses undeclared fields.</summary>
    private static void FromOpenApi(JsonObject schema)
    {
        var preserveUnknown = (bool?)schema["x-kubernetes-preserve-unknown-fields"] == true;
        foreach (var key in schema.Select(p => p.Key).Where(k => k.StartsWith("x-kubernetes-", StringComparison.Ordinal)).ToList())
        {
            schema.Remove(key);
        }

        if ((bool?)schema["nullable"] == true && schema["type"] is JsonValue type)
        {
            schema["type"] = new JsonArray((string?)type, "null");
        }

        schema.Remove("nullable");
        if (schema["properties"] is JsonObject properties && !preserveUnknown && !schema.ContainsKey("additionalProperties"))
        {
            schema["additionalProperties"] = false;
        }

        foreach (var child in schema.Select(p => p.Value))
        {
            switch (child)
            {
                case JsonObject o when IsSchemaMap(schema, o):
                    foreach (var sub in o.Select(p => p.Value).OfType<JsonObject>())
                    {
                        FromOpenApi(sub);
                    }

                    break;
                case JsonObject o:
                    FromOpenApi(o);
                    break;
                case JsonArray a:
                    foreach (var sub in a.OfType<JsonObject>())
                    {
                        FromOpenApi(sub);
                    }

                    break;
            }
        }
    }

    private static bool IsSchemaMap(JsonObject parent, JsonObject child) =>
        ReferenceEquals(parent["properties"], child) || ReferenceEquals(parent["definitions"], child);

    /// <summary>
    /// unevaluatedProperties sees through allOf, so it goes on object schemas that are not parts of an allOf
    /// (neither written inside one nor referenced from one).
    /// </summary>
    private static void RefuseUnknown(JsonObject schema, string pointer, HashSet<string> parts)
    {
        if (!parts.Contains(pointer) && (schema.ContainsKey("properties") || schema.ContainsKey("allOf")) && !schema.ContainsKey("additionalProperties"))
        {
            schema["unevaluatedProperties"] = false;
        }

        foreach (var (key, child) in schema.ToList())
        {
            switch (child)
            {
                case JsonObject o when key is "properties" or "definitions":
                    foreach (var (name, sub) in o.ToList())
                    {
                        if (sub is JsonObject subSchema)
                        {
                            RefuseUnknown(subSchema, $"{pointer}/{key}/{name}", parts);
                        }
                    }

                    break;
                case JsonObject o:
                    RefuseUnknown(o, $"{pointer}/{key}", parts);
                    break;
                case JsonArray a:
                    for (var i = 0; i < a.Count; i++)
                    {
                        if (a[i] is JsonObject sub)
                        {
                            var path = $"{pointer}/{key}/{i}";
                            if (key == "allOf")
                            {
                                parts.Add(path);
                            }

                            RefuseUnknown(sub, path, parts);
                        }
                    }

                    break;
            }
        }
    }

    /// <summary>The targets of <c>$ref</c>s written as the first member of an allOf.</summary>
    [GeneratedRegex(@"""allOf"":\[\{""\$ref"":""([^""]+)""")]
    private static partial Regex ComposedRefs();

    [GeneratedRegex(@"^[-+]?[0-9]+$")]
    private static partial Regex Integer();

    [GeneratedRegex(@"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$")]
    private static partial Regex Float();
}
