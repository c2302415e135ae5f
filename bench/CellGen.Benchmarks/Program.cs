using BenchmarkDotNet.Running;

namespace CellGen.Benchmarks;

/// <summary>
/// <c>dotnet run -c Release --project bench/CellGen.Benchmarks -- --filter '*'</c> runs everything;
/// add <c>--job dry</c> for a smoke run that only checks the benchmarks work.
/// </summary>
public static class Program
{
    public static void Main(string[] args) => BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
}
