using System.Text;
using LLama.Native;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace MidTrain.Models.Local;

/// <summary>
/// Routes llama.cpp's process-wide log callback to an <see cref="ILogger"/>. Must be installed before the first native
/// call (DESIGN §7b). llama.cpp emits lines in pieces (<c>Continue</c> is numerically above <c>Warning</c> and means
/// "same level as before"), so pieces are joined per thread until a newline. Info-level chatter is logged at Debug.
/// </summary>
internal static class LlamaNativeLog
{
    private static readonly object Gate = new();
    private static readonly ThreadLocal<(StringBuilder Text, LLamaLogLevel Level)> Pending = new(() => (new StringBuilder(), LLamaLogLevel.Info));
    private static ILogger _logger = NullLogger.Instance;
    private static bool _installed;

    /// <summary>Sets the logger that receives native logs and installs the callback once.</summary>
    public static void Install(ILogger logger)
    {
        lock (Gate)
        {
            _logger = logger;
            if (_installed)
            {
                return;
            }

            _installed = true;
            if (NativeLibraryConfig.LLama.LibraryHasLoaded)
            {
                NativeLogConfig.llama_log_set(OnLog);
            }
            else
            {
                NativeLibraryConfig.All.WithLogCallback(OnLog);
            }
        }
    }

    private static void OnLog(LLamaLogLevel level, string message)
    {
        var (text, previous) = Pending.Value;
        var effective = level == LLamaLogLevel.Continue ? previous : level;
        text.Append(message);
        Pending.Value = (text, effective);
        if (!message.EndsWith('\n'))
        {
            return;
        }

        var line = text.ToString().TrimEnd('\n');
        text.Clear();
        var logLevel = effective switch
        {
            LLamaLogLevel.Error => LogLevel.Error,
            LLamaLogLevel.Warning => LogLevel.Warning,
            LLamaLogLevel.Info => LogLevel.Debug,
            LLamaLogLevel.Debug => LogLevel.Trace,
            _ => LogLevel.None,
        };
        if (logLevel != LogLevel.None && _logger.IsEnabled(logLevel))
        {
            _logger.Log(logLevel, "llama.cpp: {Line}", line);
        }
    }
}
