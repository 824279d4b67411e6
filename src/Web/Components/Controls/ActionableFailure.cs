using VirtSriov.Core.Steps;

namespace VirtSriov.Web.Components.Controls;

/// <summary>An error to show with what to do about it.</summary>
public sealed record ActionableFailure(string Message, string? Fix = null, string? FailedCall = null)
{
    public static ActionableFailure From(ActionableException e) => new(e.Message, e.Fix, e.FailedCall);
}
