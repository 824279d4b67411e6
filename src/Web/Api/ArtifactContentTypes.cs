namespace VirtSriov.Web.Api;

/// <summary>Maps a <see cref="VirtSriov.Core.Runs.PlanArtifact.Language"/> to a content type.</summary>
public static class ArtifactContentTypes
{
    public static string For(string language) => language.ToLowerInvariant() switch
    {
        "xml" => "application/xml; charset=utf-8",
        "yaml" or "yml" => "application/yaml; charset=utf-8",
        "json" => "application/json; charset=utf-8",
        "diff" => "text/x-diff; charset=utf-8",
        _ => "text/plain; charset=utf-8",
    };
}
