using System.Diagnostics;
using System.Text;
using MidTrain.Verifiers.Code;

namespace MidTrain.Verifiers.Tests.Code;

[Collection(SandboxTestKit.Collection)]
public sealed class ProcessLauncherTests
{
    [SkippableFact]
    public async Task RunAsync_CallingThreadExitsWhileTheSandboxRuns_SandboxIsNotKilled()
    {
        SandboxTestKit.RequireBubblewrap();
        var psi = new ProcessStartInfo(ExecutableLocator.Find("bwrap")!);
        foreach (var a in new[] { "--unshare-all", "--die-with-parent", "--ro-bind", "/usr", "/usr", "--symlink", "usr/bin", "/bin", "--symlink", "usr/lib", "/lib", "--symlink", "usr/lib64", "/lib64", "--proc", "/proc", "--dev", "/dev", "--", "/bin/sh", "-c", "sleep 1; echo survived" })
        {
            psi.ArgumentList.Add(a);
        }

        // --die-with-parent is PR_SET_PDEATHSIG, tied to the forking thread: this thread ends right after the start.
        Task<RawRun>? run = null;
        var thread = new Thread(() => run = ProcessRunner.RunAsync(psi, null, TimeSpan.FromSeconds(10), 4096, CancellationToken.None));
        thread.Start();
        thread.Join();

        var raw = await run!;
        raw.ExitCode.Should().Be(0, Encoding.UTF8.GetString(raw.Stderr));
        Encoding.UTF8.GetString(raw.Stdout).Should().Be("survived\n");
    }
}
