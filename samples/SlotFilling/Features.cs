using System;
using System.Collections.Generic;
using System.Linq;

namespace SlotFilling;

/// <summary>
/// A word as a vector, as in the lecture notes: 1-of-N over a vocabulary with one more dimension for "other" (any word
/// not in it), followed by the word's letter trigrams ("apple" has #ap, app, ppl, ple, le#), hashed into a fixed number
/// of dimensions so that the cell's input size is known at compile time and unseen words still have a spelling.
/// </summary>
public sealed class Features
{
    /// <summary>Dimensions of the 1-of-N part, the last of which is "other".</summary>
    public const int VocabularySize = 96;

    /// <summary>Dimensions of the trigram part.</summary>
    public const int TrigramSize = 128;

    /// <summary>Values per word: the cell's Input.</summary>
    public const int Size = VocabularySize + TrigramSize;

    private readonly Dictionary<string, int> _vocabulary;

    private Features(Dictionary<string, int> vocabulary) => _vocabulary = vocabulary;

    /// <summary>The words of the vocabulary (the most frequent of the training requests), in index order.</summary>
    public IReadOnlyList<string> Vocabulary => _vocabulary.OrderBy(p => p.Value).Select(p => p.Key).ToList();

    /// <summary>Builds the vocabulary from the training requests: the words seen at least twice, most frequent first.</summary>
    public static Features FromTraining(IEnumerable<Request> requests)
    {
        var counts = new Dictionary<string, int>();
        foreach (string word in requests.SelectMany(r => r.Words).Select(Normalize))
        {
            counts[word] = counts.GetValueOrDefault(word) + 1;
        }

        var vocabulary = counts.Where(p => p.Value >= 2)
            .OrderByDescending(p => p.Value).ThenBy(p => p.Key, StringComparer.Ordinal)
            .Take(VocabularySize - 1)
            .Select((p, i) => (p.Key, i))
            .ToDictionary(p => p.Key, p => p.i);
        return new Features(vocabulary);
    }

    /// <summary>Whether the word has its own 1-of-N dimension.</summary>
    public bool Knows(string word) => _vocabulary.ContainsKey(Normalize(word));

    /// <summary>Writes the vector of <paramref name="word"/> into <paramref name="vector"/> (<see cref="Size"/> values).</summary>
    public void Encode(string word, Span<float> vector)
    {
        vector.Clear();
        string w = Normalize(word);
        vector[_vocabulary.TryGetValue(w, out int index) ? index : VocabularySize - 1] = 1;
        string padded = "#" + w + "#";
        for (int i = 0; i + 3 <= padded.Length; i++)
        {
            vector[VocabularySize + Bucket(padded.AsSpan(i, 3))] = 1;
        }
    }

    /// <summary>Encodes a request, word after word: Words.Length × <see cref="Size"/> values.</summary>
    public float[] Encode(Request request)
    {
        var inputs = new float[request.Words.Length * Size];
        for (int t = 0; t < request.Words.Length; t++)
        {
            Encode(request.Words[t], inputs.AsSpan(t * Size, Size));
        }

        return inputs;
    }

    private static string Normalize(string word) => word.ToLowerInvariant();

    /// <summary>FNV-1a of the trigram, so the buckets are the same on every run and machine.</summary>
    private static int Bucket(ReadOnlySpan<char> trigram)
    {
        uint hash = 2166136261;
        foreach (char c in trigram)
        {
            hash = (hash ^ c) * 16777619;
        }

        return (int)(hash % TrigramSize);
    }
}
