using System;
using System.IO;

namespace CellGen.Tests.Infrastructure;

internal static class RepositoryRoot
{
    /// <summary>The folder that holds CellGen.sln, found upwards from the test binaries.</summary>
    public static string Find()
    {
        string? directory = AppContext.BaseDirectory;
        while (directory is not null && !File.Exists(Path.Combine(directory, "CellGen.sln")))
        {
            directory = Path.GetDirectoryName(directory);
        }

        return directory ?? throw new InvalidOperationException("CellGen.sln not found above the test binaries");
    }
}
