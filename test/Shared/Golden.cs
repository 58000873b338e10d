namespace Ivyo.Testing;

/// <summary>
/// Golden files under <c>testassets/</c>: a test compares its output with the committed file, and
/// <c>UPDATE_GOLDEN=1</c> rewrites the file instead (review the diff before committing).
/// </summary>
internal static class Golden
{
    public static bool Updating => Environment.GetEnvironmentVariable("UPDATE_GOLDEN") == "1";

    public static void AssertMatches(string actual, params string[] pathUnderTestAssets) =>
        AssertMatchesFile(actual, ["testassets", .. pathUnderTestAssets]);

    /// <summary>Compares with any generated file of the repository, such as the committed CRD.</summary>
    public static void AssertMatchesFile(string actual, params string[] pathUnderRoot)
    {
        var path = RepositoryFiles.PathOf(pathUnderRoot);
        if (Updating)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, actual);
            return;
        }

        Assert.True(File.Exists(path), $"The golden file {path} is missing; run the tests with UPDATE_GOLDEN=1 to create it.");
        var expected = File.ReadAllText(path);
        if (expected != actual)
        {
            var expectedLines = expected.Split('\n');
            var actualLines = actual.Split('\n');
            var line = 0;
            while (line < expectedLines.Length && line < actualLines.Length && expectedLines[line] == actualLines[line])
            {
                line++;
            }

            Assert.Fail($"{path} differs from the output at line {line + 1}:\n" +
                $"  expected: {(line < expectedLines.Length ? expectedLines[line] : "<end of file>")}\n" +
                $"  actual:   {(line < actualLines.Length ? actualLines[line] : "<end of output>")}\n" +
                "Run the tests with UPDATE_GOLDEN=1 to accept the new output.");
        }
    }
}
