using VirtSriov.Core.Steps;

namespace VirtSriov.Web.Api;

/// <summary>Body of <c>POST /api/runs</c>; settings left out take the wizard defaults.</summary>
public sealed record CreateRunRequest(Guid LabId, RunSettings? Settings);
