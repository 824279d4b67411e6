using VirtSriov.Core.Processes;

namespace VirtSriov.Core.Steps;

public static class StepLogExtensions
{
    public static void Info(this IStepLog log, string text) => log.Write(RunLogLevel.Info, text);

    public static void Warn(this IStepLog log, string text) => log.Write(RunLogLevel.Warning, text);

    public static void Error(this IStepLog log, string text) => log.Write(RunLogLevel.Error, text);

    /// <summary>Records a command the step runs, as an argument list (never a shell line).</summary>
    public static void Command(this IStepLog log, string file, IEnumerable<string> arguments) =>
        log.Write(RunLogLevel.Command, CommandLine.Format(file, arguments));
}
