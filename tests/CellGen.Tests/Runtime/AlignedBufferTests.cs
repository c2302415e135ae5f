using System;
using System.Linq;
using System.Reflection;
using CellGen.Numerics;
using CellGen.Tests.Numerics.Reference;
using Xunit;

namespace CellGen.Tests.Runtime;

/// <summary>
/// Weights, scratch and tapes start on a 64-byte boundary, whatever the allocator did before, and the buffer behaves like
/// an array.
/// </summary>
public class AlignedBufferTests
{
    [Fact]
    public void Every_buffer_starts_on_a_cache_line_whatever_came_before()
    {
        var keep = new System.Collections.Generic.List<object>();
        for (int i = 0; i < 64; i++)
        {
            // Objects of assorted sizes in between, so the buffers do not all land at the same offset by chance.
            keep.Add(new byte[1 + i * 3]);
            Assert.Equal(0, AddressOf(new AlignedBuffer<float>(1 + i * 5).AsSpan()) % 64);
            Assert.Equal(0, AddressOf(new AlignedBuffer<double>(1 + i * 7).AsSpan()) % 64);
        }
    }

    [Fact]
    public void Generated_and_dynamic_cells_keep_their_weights_aligned()
    {
        for (int i = 0; i < 16; i++)
        {
            Assert.Equal(0, AddressOf(new LstmI3H64F().Parameters) % 64);
            Assert.Equal(0, AddressOf(new LstmI3H64D().Parameters) % 64);
            Assert.Equal(0, AddressOf(new DynamicCell(DynamicCellKind.Gru, 3, 5 + i).Parameters) % 64);
        }
    }

    [Fact]
    public void A_tape_keeps_its_records_and_gradient_space_on_a_cache_line_as_it_grows()
    {
        var keep = new System.Collections.Generic.List<object>();
        var floats = new SequenceTape<float>();
        var doubles = new SequenceTape<double>();
        object recorder = new();
        for (int steps = 1; steps <= 40; steps += 3)
        {
            keep.Add(new byte[1 + steps * 5]);
            Assert.Equal(0, AddressOf(floats.Record(recorder, 7, steps, 3)) % 64);
            Assert.Equal(0, AddressOf(floats.GradientSpace(11 * steps)) % 64);
            Assert.Equal(0, AddressOf(doubles.Record(recorder, 5, steps)) % 64);
            Assert.Equal(0, AddressOf(doubles.GradientSpace(13 * steps)) % 64);
        }

        Assert.True(floats.Capacity >= 7 * 40 * 3);
    }

    [Fact]
    public void Generated_cells_keep_every_scratch_buffer_in_an_aligned_buffer()
    {
        // The kernels read and write their scratch (parked sums, the next state, the input projection, stream scratch,
        // backward's gradients) a vector at a time; an ordinary array would put those vectors across cache lines in
        // some processes and not in others.
        Type[] cells = typeof(AlignedBufferTests).Assembly.GetTypes()
            .Where(type => type.GetProperty("Definition", BindingFlags.Public | BindingFlags.Static)?.PropertyType == typeof(CellDefinition)
                && type.GetInterfaces().Any(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IRecurrentCell<>)))
            .ToArray();
        Assert.True(cells.Length > 20, $"found only {cells.Length} generated cells");
        string[] arrays = cells
            .SelectMany(cell => cell.GetFields(BindingFlags.NonPublic | BindingFlags.Instance).Where(field => field.FieldType.IsArray).Select(field => $"{cell.Name}.{field.Name}"))
            .ToArray();
        Assert.Empty(arrays);
        Assert.Contains(cells, cell => cell.GetField("_preActivations", BindingFlags.NonPublic | BindingFlags.Instance)?.FieldType == typeof(AlignedBuffer<float>));
    }

    [Fact]
    public void It_reads_writes_and_checks_bounds_like_an_array()
    {
        var buffer = new AlignedBuffer<float>(10);
        Assert.Equal(10, buffer.Length);
        Assert.Equal(10, buffer.AsSpan().Length);
        Assert.All(buffer.AsSpan().ToArray(), value => Assert.Equal(0f, value));
        buffer[3] = 1.5f;
        buffer.AsSpan(4, 2)[1] = 2.5f;
        Span<float> all = buffer;
        Assert.Equal(1.5f, all[3]);
        ReadOnlySpan<float> read = buffer;
        Assert.Equal(10, read.Length);
        Assert.Equal(1.5f, read[3]);
        Assert.Equal(2.5f, buffer[5]);
        buffer.Reference = 4f;
        Assert.Equal(4f, all[0]);
        Assert.Throws<IndexOutOfRangeException>(() => buffer[10]);
        Assert.Throws<ArgumentOutOfRangeException>(() => buffer.AsSpan(8, 3));
        Assert.Throws<ArgumentOutOfRangeException>(() => new AlignedBuffer<float>(-1));
        Assert.Equal(0, new AlignedBuffer<double>(0).AsSpan().Length);
    }

    private static unsafe long AddressOf<T>(Span<T> span)
        where T : unmanaged => AddressOf((ReadOnlySpan<T>)span);

    private static unsafe long AddressOf<T>(ReadOnlySpan<T> span)
        where T : unmanaged
    {
        fixed (T* first = span)
        {
            return (long)first;
        }
    }
}
