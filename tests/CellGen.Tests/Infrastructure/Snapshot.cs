using System;
using System.IO;
using System.Runtime.CompilerServices;
using Xunit.Sdk;

namespace CellGen.Tests.Infrastructure;

/// <summary>
/// Verify's workflow for generated source, in a few lines of our own (Verify.SourceGenerators cannot be restored here):
/// <c>Snapshots/NAME.verified.cs</c> is committed; on a mismatch the new text is written to <c>NAME.received.cs</c> beside
/// it and the test fails with a readable diff. Set <c>CELLGEN_ACCEPT=1</c> to accept the received text instead.
/// </summary>
public static class Snapshot
{
    public const string AcceptVariable = "CELLGEN_ACCEPT";

    public static void Verify(string name, string actual, [CallerFilePath] string callerPath = "")
    {
        string directory = Path.Combine(Path.GetDirectoryName(Path.GetDirectoryName(callerPath))!, "Snapshots");
        string verified = Path.Combine(directory, name + ".verified.cs");
        string received = Path.Combine(directory, name + ".received.cs");
        actual = actual.Replace("\r\n", "\n");

        if (Environment.GetEnvironmentVariable(AcceptVariable) == "1")
        {
            Directory.CreateDirectory(directory);
            File.WriteAllText(verified, actual);
            File.Delete(received);
            return;
        }

        string? expected = File.Exists(verified) ? File.ReadAllText(verified).Replace("\r\n", "\n") : null;
        if (expected == actual)
        {
            File.Delete(received);
            return;
        }

        File.WriteAllText(received, actual);
        string message = expected is null
            ? $"No snapshot {verified} yet. The generated text is in {received}; review it and run with {AcceptVariable}=1 to accept."
            : $"Generated source differs from {verified} (new text in {received}; run with {AcceptVariable}=1 to accept):\n"
                + TextDiff.Unified(expected, actual);
        throw new XunitException(message);
    }
}
