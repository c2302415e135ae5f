namespace CellGen;

/// <summary>Scratch arrays that grow to the longest sequence seen and are then reused.</summary>
internal static class Buffers
{
    /// <summary>Replaces <paramref name="buffer"/> by a larger array when it holds fewer than <paramref name="length"/> values.</summary>
    public static void Grow<T>(ref T[] buffer, int length)
    {
        if (buffer.Length < length)
        {
            buffer = new T[length];
        }
    }
}
