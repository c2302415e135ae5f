using System.Globalization;
using System.Linq;
using CellGen.Tests.Infrastructure;
using Xunit;

namespace CellGen.Tests.Generator;

/// <summary>
/// Numbers in generated code must not depend on the build machine's culture: a culture whose minus sign is U+2212 or
/// whose decimal separator is a comma would otherwise turn <c>Clip = 1.5</c> into code that does not compile.
/// </summary>
public class CultureTests
{
    [Fact]
    public void Generated_source_is_the_same_under_a_culture_with_unicode_minus_and_decimal_comma()
    {
        const string source = "using CellGen; [LstmCell(Input = 3, Hidden = 5, Clip = 1.5, ElementType = typeof(double))] partial class C { } [GruCell(Input = 2, Hidden = 7, Clip = 0.25)] partial class D { }";
        var invariant = GeneratorHarness.Run(source).Sources;

        CultureInfo saved = CultureInfo.CurrentCulture;
        var odd = (CultureInfo)CultureInfo.InvariantCulture.Clone();
        odd.NumberFormat.NegativeSign = "\u2212";
        odd.NumberFormat.NumberDecimalSeparator = ",";
        odd.NumberFormat.NumberGroupSeparator = ".";
        try
        {
            CultureInfo.CurrentCulture = odd;
            Assert.Equal("1,5", 1.5.ToString());
            GeneratorRun run = GeneratorHarness.Run(source);

            Assert.Equal(invariant.ToList(), run.Sources.ToList());
            Assert.True(run.CompilationProblems.Count == 0, GeneratorHarness.Describe(run.CompilationProblems));
            Assert.Contains("private const double Clip = 1.5d;", run.Sources[0].Source + run.Sources[1].Source);
        }
        finally
        {
            CultureInfo.CurrentCulture = saved;
        }
    }
}
