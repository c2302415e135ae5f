using System;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Running;

namespace CellGen.Benchmarks;

/// <summary>
/// <c>dotnet run -c Release --project bench/CellGen.Benchmarks -- --filter '*'</c> runs everything;
/// add <c>--job dry</c> for a smoke run that only checks the benchmarks work.
/// </summary>
public static class Program
{
    /// <summary>
    /// BenchmarkDotNet builds its copy of this project before the first benchmark and gives up after 120 s by
    /// default. Generating every benchmark cell's kernels takes about a minute on two cores, so a machine that is busy
    /// with anything else crossed that limit (a CI smoke run measured 133 s and ran nothing). Ten minutes is ample.
    /// </summary>
    private static readonly TimeSpan BuildTimeout = TimeSpan.FromMinutes(10);

    public static void Main(string[] args) =>
        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args, ManualConfig.Create(DefaultConfig.Instance).WithBuildTimeout(BuildTimeout));
}
