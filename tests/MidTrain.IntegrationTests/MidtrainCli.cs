using System.Diagnostics;
using System.Text;

namespace MidTrain.IntegrationTests;

/// <summary>Runs the real <c>midtrain</c> CLI (the build in this test's output folder) as a child process.</summary>
internal static class MidtrainCli
{
    public static string Dll => Path.Combine(AppContext.BaseDirectory, "midtrain.dll");

    public static ProcessStartInfo StartInfo(string workingDirectory, params string[] args)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add("exec");
        info.ArgumentList.Add(Dll);
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        return info;
    }

    public static async Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(string workingDirectory, TimeSpan timeout, params string[] args)
    {
        using var process = Process.Start(StartInfo(workingDirectory, args))!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"midtrain {string.Join(' ', args)} did not finish within {timeout.TotalSeconds} s; stderr: {await stderr}");
        }

        return (process.ExitCode, await stdout, await stderr);
    }

    public static IEnumerable<string> Ids(string jsonlPath, string field = "id")
    {
        if (!File.Exists(jsonlPath))
        {
            yield break;
        }

        foreach (var line in File.ReadLines(jsonlPath, Encoding.UTF8))
        {
            using var doc = System.Text.Json.JsonDocument.Parse(line);
            yield return doc.RootElement.GetProperty(field).GetString()!;
        }
    }
}
