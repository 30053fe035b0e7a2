namespace MidTrain.Verifiers.Code;

/// <summary>The rlimits of one sandboxed step (core dumps are always off).</summary>
/// <param name="CpuSeconds">RLIMIT_CPU.</param>
/// <param name="AddressSpaceBytes">RLIMIT_AS.</param>
/// <param name="Processes">RLIMIT_NPROC (processes and threads of the sandbox user).</param>
/// <param name="FileSizeBytes">RLIMIT_FSIZE.</param>
/// <param name="OpenFiles">RLIMIT_NOFILE.</param>
internal sealed record ProcessLimits(long CpuSeconds, long AddressSpaceBytes, int Processes, long FileSizeBytes, int OpenFiles);
