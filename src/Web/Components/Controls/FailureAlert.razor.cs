using Microsoft.AspNetCore.Components;

namespace VirtSriov.Web.Components.Controls;

/// <summary>An error the operator can act on: the message, the fix and the call that failed; nothing when there is no failure.</summary>
public sealed partial class FailureAlert
{
    /// <summary>The failure to show, or null for none.</summary>
    [Parameter]
    public ActionableFailure? Failure { get; set; }

    /// <summary>CSS classes of the alert (spacing).</summary>
    [Parameter]
    public string Class { get; set; } = "mb-2";

    /// <summary>The alert's <c>data-testid</c>.</summary>
    [Parameter]
    public string? TestId { get; set; }
}
