using System;
using System.Collections.Generic;
using System.Linq;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace CellGen.Benchmarks.Peers;

/// <summary>
/// Run with <c>bash bench/CellGen.Benchmarks.Peers/run.sh --filter '*'</c> (add <c>--job dry</c> for a smoke run,
/// <c>--anyCategories Step</c> or <c>--filter '*LstmPeers*'</c> to narrow it); see README.md.
/// </summary>
public static class Program
{
    /// <summary>Returns 1 when a benchmark failed for any other reason than a refusal by the correctness check, else 0.</summary>
    public static int Main(string[] args)
    {
        // Every job runs in this process (InProcessEmitToolchain), as a mutator applied to whatever jobs the command
        // line asks for (--job dry, short, …). BenchmarkDotNet's default toolchain would generate a project, build it
        // into a new folder and run that: the folder would get the unpatched libLibTorchSharp.so from the NuGet cache
        // and TorchSharp would not load on this machine (see run.sh). In process, the process run.sh started, with the
        // patched copy and LD_PRELOAD, is the one that measures. The cost: no per-benchmark process isolation, so all
        // cases share one JIT and one GC heap; each case still gets its own GlobalSetup, hence fresh peers.
        IConfig config = DefaultConfig.Instance
            .AddJob(Job.Default.WithToolchain(InProcessEmitToolchain.Instance).AsMutator());
        IEnumerable<Summary> summaries = BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args, config);

        // BenchmarkDotNet reports a benchmark whose GlobalSetup threw as NA and carries on. Peers refused by the
        // correctness check are listed here; any other failure makes the exit code 1.
        IReadOnlyCollection<string> refusals = PeerBenchmarks.Refusals;
        if (refusals.Count > 0)
        {
            Console.WriteLine();
            Console.WriteLine($"// * Refused: {refusals.Count} peer computation(s) disagree with CellGen and were not timed (NA above) *");
            foreach (string refusal in refusals)
            {
                Console.WriteLine($"  {refusal}");
            }
        }

        int failed = summaries.Sum(s => s.BenchmarksCases.Length - s.Reports.Count(r => r.Success));
        bool invalid = summaries.Any(s => s.HasCriticalValidationErrors);
        return invalid || failed > PeerBenchmarks.RefusedSetups ? 1 : 0;
    }
}
