using System;
using System.Runtime.Intrinsics;
using Xunit;

namespace CellGen.Tests.Numerics;

/// <summary>
/// CI runs the tests again with parts of the instruction set switched off (`DOTNET_EnableAVX512=0` and so on) so that
/// the 256-bit, 128-bit and scalar kernels run whole. A switch the runtime does not know is ignored without a word:
/// .NET 10 no longer reads `DOTNET_EnableAVX512F`, and a pass under that name ran the 512-bit kernels again. So each
/// pass says in CELLGEN_EXPECT_VECTOR_WIDTH which width it means to run, and this test fails when the runtime
/// accelerates another one.
/// </summary>
public class AcceleratedWidthTests
{
    /// <summary>The widest vector the runtime accelerates: 512, 256 or 128 bits, or 0 where only scalars run.</summary>
    private static int WidestAcceleratedWidth() =>
        Vector512.IsHardwareAccelerated ? 512
        : Vector256.IsHardwareAccelerated ? 256
        : Vector128.IsHardwareAccelerated ? 128
        : 0;

    [Fact]
    public void TheRuntimeAcceleratesTheWidthThisRunAsksFor()
    {
        // Every width the runtime accelerates implies the narrower ones, which the dispatchers rely on.
        Assert.True(!Vector512.IsHardwareAccelerated || Vector256.IsHardwareAccelerated, "Vector512 without Vector256");
        Assert.True(!Vector256.IsHardwareAccelerated || Vector128.IsHardwareAccelerated, "Vector256 without Vector128");

        string? expected = Environment.GetEnvironmentVariable("CELLGEN_EXPECT_VECTOR_WIDTH");
        if (string.IsNullOrEmpty(expected))
        {
            return;
        }

        Assert.True(int.TryParse(expected, out int width) && width is 512 or 256 or 128 or 0,
            $"CELLGEN_EXPECT_VECTOR_WIDTH must be 512, 256, 128 or 0, not '{expected}'");
        Assert.True(width == WidestAcceleratedWidth(),
            $"this run asked for {width}-bit kernels, but the runtime accelerates {WidestAcceleratedWidth()} bits: " +
            "the DOTNET_Enable… switch of this pass has no effect on this runtime");
    }
}
