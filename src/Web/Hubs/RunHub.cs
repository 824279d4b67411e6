using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;
using VirtSriov.Core.Runs.Events;

namespace VirtSriov.Web.Hubs;

/// <summary>Streams run events to browsers and CLIs: stored ones after a sequence, then live ones, none twice.</summary>
[Authorize]
public sealed class RunHub(IRunEventFeed feed) : Hub
{
    public IAsyncEnumerable<RunEvent> Follow(Guid runId, long afterSequence, CancellationToken cancellationToken) =>
        feed.FollowAsync(runId, afterSequence, cancellationToken);
}
