using System;
using System.Collections.Generic;
using System.Linq;
using CellGen.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Xunit;

namespace CellGen.Tests.Generator;

/// <summary>
/// A generator exception is a bug. Random and hostile attribute arguments (negative, huge, missing, of the wrong type,
/// undefined enum values, odd declarations) go through the generator: only diagnostics may come out, never CS8785,
/// and whatever code it generates must compile.
/// </summary>
public class HostileInputTests
{
    private static readonly string[] Attributes = { "RnnCell", "JordanCell", "LstmCell", "GruCell" };

    private static readonly (string Name, string[] Values)[] Arguments =
    {
        ("Input", new[] { "1", "3", "0", "-1", "4096", "4097", "int.MaxValue", "int.MinValue", "\"x\"", "2.5", "null", "true" }),
        ("Hidden", new[] { "1", "2", "17", "0", "-7", "4096", "int.MaxValue", "\"64\"", "(int)3.9", "1 << 12" }),
        ("Output", new[] { "0", "1", "3", "-2", "5000", "int.MinValue", "'a'" }),
        ("ElementType", new[] { "typeof(float)", "typeof(double)", "typeof(int)", "typeof(string)", "null", "typeof(System.Half)", "typeof(decimal)", "typeof(float[])", "typeof(System.Collections.Generic.List<>)" }),
        ("Bias", new[] { "true", "false", "1", "null" }),
        ("Clip", new[] { "0", "1.5", "-1", "double.NaN", "double.PositiveInfinity", "1e300", "3.4e38", "1e-320", "float.MaxValue", "\"1\"" }),
        ("Peephole", new[] { "true", "false" }),
        ("ResetAfter", new[] { "true", "false" }),
        ("Activation", new[] { "CellGen.Activation.Relu", "CellGen.Activation.Softmax", "(CellGen.Activation)(-1)", "(CellGen.Activation)7", "0" }),
        ("GateActivation", new[] { "CellGen.Activation.HardSigmoid", "CellGen.Activation.Tanh", "(CellGen.Activation)int.MaxValue" }),
        ("CandidateActivation", new[] { "CellGen.Activation.Linear", "CellGen.Activation.Softmax", "(CellGen.Activation)42" }),
        ("CellActivation", new[] { "CellGen.Activation.Softsign", "CellGen.Activation.Sigmoid" }),
        ("OutputActivation", new[] { "CellGen.Activation.Softmax", "CellGen.Activation.Tanh", "(CellGen.Activation)6", "(CellGen.Activation)100" }),
        ("NoSuchOption", new[] { "1" }),
    };

    private static readonly string[] Declarations =
    {
        "public partial class Target { }",
        "internal sealed partial class Target { }",
        "public partial record Target { }",
        "public class Target { }",
        "public static partial class Target { }",
        "public abstract partial class Target { }",
        "public partial class Target<T> { }",
        "public partial struct Target { }",
    };

    [Fact]
    public void Random_and_hostile_arguments_give_diagnostics_never_crashes_nor_broken_code()
    {
        var random = new Random(20261123);
        int generated = 0, diagnosed = 0;
        for (int iteration = 0; iteration < 150; iteration++)
        {
            string source = RandomSource(random);
            GeneratorRun run = GeneratorHarness.Run(source);

            Assert.DoesNotContain(run.GeneratorDiagnostics, d => d.Id is "CS8784" or "CS8785");
            Assert.All(run.Driver.GetRunResult().Results, r => Assert.Null(r.Exception));
            Assert.All(run.GeneratorDiagnostics, d => Assert.StartsWith("CG", d.Id));

            // Whatever the generator wrote must compile: no error may sit in a generated file.
            var generatedTrees = run.Output.SyntaxTrees.Except(run.Input.SyntaxTrees).ToHashSet();
            var broken = run.Output.GetDiagnostics()
                .Where(d => d.Severity == DiagnosticSeverity.Error && d.Location.SourceTree is { } tree && generatedTrees.Contains(tree))
                .ToList();
            Assert.True(broken.Count == 0, source + Environment.NewLine + GeneratorHarness.Describe(broken));

            // A source the compiler accepts either generates a cell or says why not.
            bool userErrors = run.Input.GetDiagnostics().Any(d => d.Severity == DiagnosticSeverity.Error);
            if (!userErrors)
            {
                Assert.True(run.Sources.Length > 0 || run.GeneratorDiagnostics.Length > 0, source);
            }

            generated += run.Sources.Length;
            diagnosed += run.GeneratorDiagnostics.Length > 0 ? 1 : 0;
        }

        // The mix must exercise both outcomes, or the test proves nothing.
        Assert.InRange(generated, 5, 150);
        Assert.InRange(diagnosed, 5, 150);
    }

    private static string RandomSource(Random random)
    {
        string attribute = Attributes[random.Next(Attributes.Length)];
        var chosen = Arguments.OrderBy(_ => random.Next()).Take(random.Next(0, 6)).ToList();

        // Mostly valid sizes, so that generation is exercised as often as rejection.
        var arguments = new List<string>();
        if (random.Next(4) != 0)
        {
            arguments.Add($"Input = {random.Next(1, 9)}");
            arguments.Add($"Hidden = {random.Next(1, 40)}");
            if (attribute == "JordanCell")
            {
                arguments.Add($"Output = {random.Next(1, 5)}");
            }
        }

        foreach ((string name, string[] values) in chosen)
        {
            if (arguments.Any(a => a.StartsWith(name + " ", StringComparison.Ordinal)))
            {
                continue;
            }

            arguments.Add($"{name} = {values[random.Next(values.Length)]}");
        }

        string declaration = random.Next(3) == 0 ? Declarations[random.Next(Declarations.Length)] : Declarations[0];
        return $"namespace Hostile;\n[CellGen.{attribute}({string.Join(", ", arguments)})]\n{declaration}\n";
    }
}
