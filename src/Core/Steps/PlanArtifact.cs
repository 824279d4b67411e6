namespace VirtSriov.Core.Steps;

/// <summary>A generated file shown in the plan and stored with the run (domain XML, manifest YAML, kcli parameters).</summary>
/// <param name="Name">File name, e.g. <c>worker-0.xml</c> or <c>10-performance-profile.yaml</c>.</param>
/// <param name="Language">Syntax for display: <c>xml</c>, <c>yaml</c>, <c>json</c>, <c>diff</c>, <c>text</c>.</param>
/// <param name="Content">The file's text.</param>
public sealed record PlanArtifact(string Name, string Language, string Content);
