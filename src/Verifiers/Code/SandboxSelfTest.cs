using System.Text;

namespace MidTrain.Verifiers.Code;

/// <summary>Starts the smallest possible sandbox once, so that a host where bubblewrap cannot work is refused up front.</summary>
internal static class SandboxSelfTest
{
    /// <summary>Throws <see cref="SandboxUnavailableException"/> with the reason and the fix when the test sandbox does not start.</summary>
    public static void Run(SandboxCommandLine commandLine, string bubblewrap)
    {
        var psi = commandLine.SelfTest();
        string detail;
        try
        {
            var raw = ProcessRunner.RunAsync(psi, null, TimeSpan.FromSeconds(20), 4096, CancellationToken.None).GetAwaiter().GetResult();
            if (raw.ExitCode == 0)
            {
                return;
            }

            detail = $"exit {raw.ExitCode}: {ExecutionClassifier.FirstLine(Encoding.UTF8.GetString(raw.Stderr))}";
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            detail = ex.Message;
        }

        throw new SandboxUnavailableException(
            $"code execution refused: bubblewrap ({bubblewrap}) is installed but a test sandbox did not start ({detail}); user namespaces may be disabled (sysctl kernel.unprivileged_userns_clone / user.max_user_namespaces). Fix the host or, knowing that programs then run WITHOUT isolation, set {SandboxOptions.UnsandboxedVariable}=1.");
    }
}
