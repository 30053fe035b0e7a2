using Microsoft.Win32.SafeHandles;

namespace MidTrain.Datasets.Reading;

/// <summary>Read handles opened once per file for random reads. Not thread-safe.</summary>
internal sealed class SafeFileHandleCache : IDisposable
{
    private readonly Dictionary<string, SafeFileHandle> _handles = new(StringComparer.Ordinal);

    public SafeFileHandle Get(string path)
    {
        if (!_handles.TryGetValue(path, out var handle))
        {
            _handles[path] = handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        }

        return handle;
    }

    public void Dispose()
    {
        foreach (var handle in _handles.Values)
        {
            handle.Dispose();
        }
    }
}
