namespace VirtSriov.Core.Runs;

public enum RunEventKind
{
    RunStatusChanged,
    StepStatusChanged,
    Log,
    Throughput,
}
