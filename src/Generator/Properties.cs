using System.Runtime.CompilerServices;

// The tests check the parser's limits and the diagnostics table against the generator's own definitions.
[assembly: InternalsVisibleTo("CellGen.Tests")]
