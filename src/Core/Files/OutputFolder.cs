namespace MidTrain.Core.Files;

/// <summary>Output files named on a command line may sit in folders that do not exist yet; writers create them first.</summary>
public static class OutputFolder
{
    /// <summary>Creates the folder that will hold the file <paramref name="path"/>, if it names one and it is missing.</summary>
    public static void EnsureFor(string path)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }
    }
}
