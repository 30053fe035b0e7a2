namespace MidTrain.Core.Files;

/// <summary>
/// A directory written all at once: its files go to a staging folder beside the target
/// (<c>.NAME.PURPOSE-PID</c>), and <see cref="Publish"/> renames it into place, so a failed or interrupted write never
/// leaves a half-written target. Disposing an unpublished one removes the staging folder (a failure to remove it is
/// ignored: the error that stopped the write matters more, and the folder's name says what it is). Not thread-safe.
/// </summary>
public sealed class StagedDirectory : IDisposable
{
    private readonly string _target;
    private bool _published;

    private StagedDirectory(string target, string path)
    {
        _target = target;
        Path = path;
    }

    /// <summary>The staging folder to write into.</summary>
    public string Path { get; }

    /// <summary>Creates an empty staging folder for <paramref name="target"/>, replacing one a crashed write left.</summary>
    /// <param name="target">The full path of the directory to write.</param>
    /// <param name="purpose">A word for the staging folder's name, e.g. <c>exporting</c>.</param>
    public static StagedDirectory Create(string target, string purpose)
    {
        ArgumentException.ThrowIfNullOrEmpty(target);
        var path = System.IO.Path.Combine(System.IO.Path.GetDirectoryName(target)!, $".{System.IO.Path.GetFileName(target)}.{purpose}-{Environment.ProcessId}");
        if (Directory.Exists(path))
        {
            Directory.Delete(path, recursive: true);
        }

        Directory.CreateDirectory(path);
        return new StagedDirectory(target, path);
    }

    /// <summary>
    /// Renames the staging folder into place. An existing target is removed first: with its contents when
    /// <paramref name="replace"/>, else only when empty (an <see cref="IOException"/> otherwise).
    /// </summary>
    public void Publish(bool replace)
    {
        if (Directory.Exists(_target))
        {
            Directory.Delete(_target, recursive: replace);
        }

        Directory.Move(Path, _target);
        _published = true;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (_published)
        {
            return;
        }

        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // The error that stopped the write matters more than a leftover staging folder.
        }
    }
}
