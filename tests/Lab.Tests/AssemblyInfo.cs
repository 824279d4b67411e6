// Each lab test boots QEMU guests under TCG; on 2 cores two at once starve each other past their guest timeouts.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
