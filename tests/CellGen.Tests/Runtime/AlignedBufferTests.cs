using System;
using CellGen.Numerics;
using CellGen.Tests.Numerics.Reference;
using Xunit;

namespace CellGen.Tests.Runtime;

/// <summary>Weights start on a 64-byte boundary, whatever the allocator did before, and the buffer behaves like an array.</summary>
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
        Assert.Equal(2.5f, buffer[5]);
        buffer.Reference = 4f;
        Assert.Equal(4f, all[0]);
        Assert.Throws<IndexOutOfRangeException>(() => buffer[10]);
        Assert.Throws<ArgumentOutOfRangeException>(() => buffer.AsSpan(8, 3));
        Assert.Throws<ArgumentOutOfRangeException>(() => new AlignedBuffer<float>(-1));
        Assert.Equal(0, new AlignedBuffer<double>(0).AsSpan().Length);
    }

    private static unsafe long AddressOf<T>(Span<T> span)
        where T : unmanaged
    {
        fixed (T* first = span)
        {
            return (long)first;
        }
    }
}
