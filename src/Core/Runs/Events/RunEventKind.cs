namespace VirtSriov.Core.Runs.Events;

public enum RunEventKind
{
    RunStatusChanged,
    StepStatusChanged,
    Log,
    Throughput,
}
