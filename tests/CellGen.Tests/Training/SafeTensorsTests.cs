using System;
using System.Buffers.Binary;
using System.IO;
using System.Linq;
using System.Text;
using CellGen.Tests.Numerics.Reference;
using Xunit;

namespace CellGen.Tests.Training;

/// <summary>Weights saved to and loaded from safetensors files with PyTorch's names; damaged or mismatched files refused whole.</summary>
public sealed class SafeTensorsTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("cellgen-safetensors-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private string PathOf(string name) => Path.Combine(_directory, name);

    private static T Randomized<T>(T cell, int seed)
        where T : IRecurrentCell<double>
    {
        var random = new Random(seed);
        Span<double> parameters = cell.Parameters;
        for (int i = 0; i < parameters.Length; i++)
        {
            parameters[i] = random.NextDouble() * 2 - 1;
        }

        return cell;
    }

    [Fact]
    public void A_network_round_trips_bit_exactly_with_pytorch_names_and_no_temporary_file_left()
    {
        var lstm = Randomized(new LstmEverythingD(), 1);
        var gru = Randomized(new GruEverythingD(), 2);
        var jordan = Randomized(new JordanSoftmaxD(), 3);
        string path = PathOf("net.safetensors");
        SafeTensors.Save(path, new LayerCell<double>[] { new(lstm, 0), new(gru, 1), new(Randomized(new GruEverythingD(), 4), 1, Reverse: true), new(jordan, 2) },
            new System.Collections.Generic.Dictionary<string, string> { ["format"] = "pt" });

        var lstm2 = new LstmEverythingD();
        var gru2 = new GruEverythingD();
        var gruReverse2 = new GruEverythingD();
        var jordan2 = new JordanSoftmaxD();
        SafeTensors.Load(path, new LayerCell<double>[] { new(lstm2, 0), new(gru2, 1), new(gruReverse2, 1, Reverse: true), new(jordan2, 2) });

        Assert.Equal(lstm.Parameters.ToArray(), lstm2.Parameters.ToArray());
        Assert.Equal(gru.Parameters.ToArray(), gru2.Parameters.ToArray());
        Assert.Equal(Randomized(new GruEverythingD(), 4).Parameters.ToArray(), gruReverse2.Parameters.ToArray());
        Assert.Equal(jordan.Parameters.ToArray(), jordan2.Parameters.ToArray());
        Assert.Single(Directory.GetFiles(_directory));

        string header = Encoding.UTF8.GetString(File.ReadAllBytes(path), 8, 2000);
        foreach (string name in new[] { "weight_ih_l0", "weight_hh_l0", "weight_peephole_l0", "weight_out_l0", "bias_hh_l1_reverse", "weight_ih_l2", "\"format\":\"pt\"" })
        {
            Assert.Contains(name, header);
        }

        Assert.Contains("\"weight_ih_l0\":{\"dtype\":\"F64\",\"shape\":[24,5]", header);
    }

    [Fact]
    public void Save_load_and_continue_training_equals_training_without_the_round_trip()
    {
        // Uninterrupted: 40 iterations. Interrupted: 20, save, load into a fresh cell, 20 more with the same optimizer.
        var reference = new AddingGru();
        Initializers.Glorot(reference, seed: 5);
        var interrupted = new AddingGru();
        Initializers.Glorot(interrupted, seed: 5);

        var referenceRun = new Trainer(reference);
        var interruptedRun = new Trainer(interrupted);
        referenceRun.Run(40);
        interruptedRun.Run(20);

        string path = PathOf("checkpoint.safetensors");
        SafeTensors.Save(path, new[] { new LayerCell<float>(interrupted) });
        var restored = new AddingGru();
        SafeTensors.Load(path, new[] { new LayerCell<float>(restored) });
        interruptedRun.Cell = restored;
        interruptedRun.Run(20);

        Assert.Equal(reference.Parameters.ToArray(), restored.Parameters.ToArray());
    }

    public static TheoryData<string, string> Damage => new()
    {
        { "truncated", "fewer than the 8 of the header length" },
        { "header too long", "exceeds the" },
        { "not json", "not valid JSON" },
        { "wrong dtype", "is I64, not one of the floating-point types" },
        { "wrong shape", "has shape [18], but the network needs [15]" },
        { "missing tensor", "is missing" },
        { "extra tensor", "which the network does not have" },
        { "short data", "do not cover exactly" },
        { "trailing bytes", "bytes after the last tensor" },
        { "overlap", "overlaps the one before it" },
    };

    [Theory]
    [MemberData(nameof(Damage))]
    public void A_damaged_or_mismatched_file_is_refused_and_changes_nothing(string damage, string reason)
    {
        var cell = Randomized(new GruEverythingD(), 8);
        double[] before = cell.Parameters.ToArray();
        var target = new[] { new LayerCell<double>(cell) };
        byte[] good = Saved(Randomized(new GruEverythingD(), 9));

        byte[] file = damage switch
        {
            "truncated" => good[..5],
            "header too long" => WithHeaderLength(good, 1_000_000),
            "not json" => Corrupt(good, 9, (byte)'#'),
            "wrong dtype" => Replace(good, "\"F64\"", "\"I64\""),
            "wrong shape" => Saved(Randomized(new GruEverythingWide(), 9)),
            "missing tensor" => Saved(Randomized(new GruEverythingNoBias(), 9)),
            "extra tensor" => SavedTwoLayers(),
            "short data" => good[..^8],
            "trailing bytes" => good.Concat(new byte[8]).ToArray(),
            "overlap" => ShiftFirstOffsets(good),
            _ => throw new ArgumentOutOfRangeException(nameof(damage)),
        };

        var error = Assert.Throws<InvalidDataException>(() => SafeTensors.Load<double>(file, target));

        Assert.Contains(reason, error.Message);
        Assert.Contains("no weights were changed", error.Message);
        Assert.Equal(before, cell.Parameters.ToArray());
    }

    [Fact]
    public void Thousands_of_random_corruptions_give_only_clean_errors()
    {
        byte[] good = Saved(Randomized(new GruEverythingD(), 9));
        var random = new Random(99);
        var cell = new GruEverythingD();
        int refused = 0;
        for (int i = 0; i < 2000; i++)
        {
            byte[] file = (byte[])good.Clone();
            int flips = random.Next(1, 4);
            for (int f = 0; f < flips; f++)
            {
                // Mostly in the header, where damage changes meaning; sometimes anywhere.
                int at = random.Next(3) == 0 ? random.Next(file.Length) : random.Next(Math.Min(file.Length, 600));
                file[at] = (byte)random.Next(256);
            }

            if (random.Next(5) == 0)
            {
                file = file[..random.Next(file.Length)];
            }

            try
            {
                SafeTensors.Load<double>(file, new[] { new LayerCell<double>(cell) });
            }
            catch (InvalidDataException)
            {
                refused++;
            }
        }

        Assert.InRange(refused, 500, 2000);
    }

    private static byte[] Saved<T>(T cell)
        where T : IRecurrentCell<double> => SavedBytes(new LayerCell<double>(cell));

    private static byte[] Replace(byte[] file, string from, string to)
    {
        int headerLength = (int)BinaryPrimitives.ReadUInt64LittleEndian(file);
        string header = Encoding.UTF8.GetString(file, 8, headerLength);
        byte[] copy = (byte[])file.Clone();
        Encoding.UTF8.GetBytes(header.Replace(from, to, StringComparison.Ordinal)).CopyTo(copy, 8);
        return copy;
    }

    private static byte[] SavedTwoLayers() => SavedBytes(new LayerCell<double>(new GruEverythingD(), 0), new LayerCell<double>(new GruEverythingD(), 1));

    /// <summary>The bytes of a file saved from <paramref name="cells"/>.</summary>
    private static byte[] SavedBytes<TValue>(params LayerCell<TValue>[] cells)
        where TValue : unmanaged, System.Numerics.IFloatingPointIeee754<TValue>
    {
        string path = Path.GetTempFileName();
        try
        {
            SafeTensors.Save(path, cells);
            return File.ReadAllBytes(path);
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static byte[] WithHeaderLength(byte[] file, ulong length)
    {
        byte[] copy = (byte[])file.Clone();
        BinaryPrimitives.WriteUInt64LittleEndian(copy, length);
        return copy;
    }

    private static byte[] Corrupt(byte[] file, int at, byte value)
    {
        byte[] copy = (byte[])file.Clone();
        copy[at] = value;
        return copy;
    }

    /// <summary>Moves the second tensor's range to start 8 bytes early, so it overlaps the first.</summary>
    private static byte[] ShiftFirstOffsets(byte[] file)
    {
        int headerLength = (int)BinaryPrimitives.ReadUInt64LittleEndian(file);
        string header = Encoding.UTF8.GetString(file, 8, headerLength);
        int index = header.IndexOf("\"data_offsets\":[", header.IndexOf("\"data_offsets\":[", StringComparison.Ordinal) + 1, StringComparison.Ordinal) + "\"data_offsets\":[".Length;
        int comma = header.IndexOf(',', index);
        long begin = long.Parse(header[index..comma]);
        int close = header.IndexOf(']', comma);
        long end = long.Parse(header[(comma + 1)..close]);
        string shifted = header[..index] + (begin - 8) + "," + (end - 8) + header[close..];
        shifted = shifted.PadRight(headerLength);
        byte[] copy = (byte[])file.Clone();
        Encoding.UTF8.GetBytes(shifted[..headerLength]).CopyTo(copy, 8);
        return copy;
    }

    /// <summary>Trains a cell on the adding problem with Adam, deterministically, for a given number of iterations.</summary>
    private sealed class Trainer
    {
        private readonly AddingProblem _data = new(20, seed: 3);
        private readonly Adam<float> _optimizer;
        private readonly SequenceTape<float> _tape = new();

        public Trainer(IRecurrentCell<float> cell)
        {
            Cell = cell;
            _optimizer = new Adam<float>(cell.ParameterCount, 0.01);
        }

        public IRecurrentCell<float> Cell { get; set; }

        public void Run(int iterations)
        {
            float[] inputs = new float[40], outputs = new float[20], dy = new float[20], gradients = new float[Cell.ParameterCount];
            for (int i = 0; i < iterations; i++)
            {
                Array.Clear(gradients);
                for (int b = 0; b < 4; b++)
                {
                    float target = _data.Next(inputs);
                    Cell.Forward(inputs, new float[Cell.StateSize], outputs, _tape);
                    Array.Clear(dy);
                    dy[19] = outputs[19] - target;
                    Cell.Backward(inputs, dy, new float[Cell.StateSize], Span<float>.Empty, gradients, _tape);
                }

                _optimizer.Step(Cell.Parameters, gradients);
            }
        }
    }
}

[GruCell(Input = 2, Hidden = 5, Output = 2, ResetAfter = false, Clip = 0.7, GateActivation = Activation.HardSigmoid, CandidateActivation = Activation.Softsign, OutputActivation = Activation.Softmax, ElementType = typeof(double), Bias = false)]
public partial class GruEverythingNoBias { }

[GruCell(Input = 2, Hidden = 6, Output = 2, ResetAfter = false, Clip = 0.7, GateActivation = Activation.HardSigmoid, CandidateActivation = Activation.Softsign, OutputActivation = Activation.Softmax, ElementType = typeof(double))]
public partial class GruEverythingWide { }
