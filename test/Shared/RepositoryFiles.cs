namespace Ivyo.Testing;

/// <summary>Finds files of the repository from a test's output folder. Shared by every test project.</summary>
internal static class RepositoryFiles
{
    public static string Root
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "Ivyo.slnx")))
                {
                    return dir.FullName;
                }
            }

            throw new InvalidOperationException("The repository root (the folder with Ivyo.slnx) was not found above " + AppContext.BaseDirectory);
        }
    }

    public static string PathOf(params string[] parts) => Path.Combine([Root, .. parts]);
}
