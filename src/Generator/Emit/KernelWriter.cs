using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using CellGen.Generator.Model;

namespace CellGen.Generator.Emit;

/// <summary>
/// The pieces every kernel is built from, at one width: the loop over tiles of units, the accumulation of a
/// weight matrix times a vector into several pre-activations at once, clipping and activations.
/// </summary>
internal sealed class KernelWriter
{
    public KernelWriter(CodeWriter writer, CellSpec spec, Lanes lanes, bool recording = false, KernelMode mode = KernelMode.Step)
    {
        W = writer;
        Spec = spec;
        V = lanes;
        Recording = recording;
        Mode = mode;
    }

    /// <summary>Whether this kernel has declared its <c>preActivations</c> reference (a reset-before GRU parks sums twice).</summary>
    private bool _preActivationsDeclared;

    /// <summary>Whether this kernel has declared <c>rowsReversed</c>, the row order its recurrent backward products share.</summary>
    private bool _rowsReversedDeclared;

    /// <summary>The pre-activations of the current <see cref="TiledProducts"/> call whose activation may be applied
    /// ahead of the rest of the step (<see cref="ActivateAhead"/>), with that activation.</summary>
    private IReadOnlyList<(string Local, ActivationKind Activation)> _ahead = Array.Empty<(string, ActivationKind)>();

    /// <summary>The locals the rest being emitted finds already activated: <see cref="Activate"/> skips them.</summary>
    private readonly HashSet<string> _activatedAhead = new(StringComparer.Ordinal);

    /// <summary>Streams the multi-stream kernels advance together, sharing every weight they load.</summary>
    public const int StreamBlock = 4;

    /// <summary>Whether this is the training forward, which records values on the tape (<c>ref record</c>).</summary>
    public bool Recording { get; }

    /// <summary>What the kernel computes: one step, several streams, the input projection of several steps, or a step from it.</summary>
    public KernelMode Mode { get; }

    public KernelWriter Scalar => new(W, Spec, V.ToScalar(), Recording);

    public CodeWriter W { get; }

    public CellSpec Spec { get; }

    /// <summary>The width being emitted: the kernel's own, or a narrower one while a tail tile is written (<see cref="AtWidth"/>).</summary>
    public Lanes V { get; private set; }

    /// <summary>
    /// Emits <paramref name="body"/> at <paramref name="lanes"/>: everything written through this writer (and every
    /// element-wise rest that reads <see cref="V"/>) uses that width until it returns.
    /// </summary>
    public void AtWidth(Lanes lanes, Action body)
    {
        Lanes kernelWidth = V;
        V = lanes;
        try
        {
            body();
        }
        finally
        {
            V = kernelWidth;
        }
    }

    /// <summary>
    /// Whether a size that the kernel's width does not divide ends in narrower vectors (16 + 4 units for 20 in 512-bit
    /// vectors) rather than in a whole vector that overlaps the one before it: in the one-stream kernels. There the
    /// overlapping tile cost LSTM(1, 20)'s step 158 ns against 116 with 16 + 4 (it computed 32 units for 20, and its
    /// parked sums overlapped, so their loads could not be forwarded from the stores). The multi-stream and projection
    /// kernels still end in an overlapping tile: not measured there, so not changed.
    /// </summary>
    private bool MixedWidths => !V.IsScalar && Mode is KernelMode.Step or KernelMode.Projected;

    /// <summary>One tile of units: its first unit (from the start of the size, or of a chunk) and the width it is computed at.</summary>
    private readonly struct Tile
    {
        public Tile(int start, Lanes lanes)
        {
            Start = start;
            Lanes = lanes;
        }

        public int Start { get; }

        public Lanes Lanes { get; }

        public int End => Start + Lanes.Count;

        public Tile From(int origin) => new(Start - origin, Lanes);
    }

    /// <summary>
    /// The tiles of <paramref name="size"/> units in order: whole vectors of the kernel's width, then, where it does not
    /// divide the size, either one more whole vector that overlaps the one before it or (<see cref="MixedWidths"/>) the
    /// narrower vectors that fit (<see cref="NarrowerTail"/>), with a last 128-bit vector overlapping them for the few
    /// units left (at most 3 floats or 1 double). One unit per tile for scalars.
    /// </summary>
    private List<Tile> TilesOf(int size)
    {
        var tiles = new List<Tile>();
        int whole = size - size % V.Count;
        for (int start = 0; start < whole; start += V.Count)
        {
            tiles.Add(new Tile(start, V));
        }

        if (whole == size)
        {
            return tiles;
        }

        if (!MixedWidths)
        {
            tiles.Add(new Tile(size - V.Count, V));
            return tiles;
        }

        int done = whole;
        foreach ((Lanes lanes, int from) in NarrowerTail(whole, size))
        {
            tiles.Add(new Tile(from, lanes));
            done = from + lanes.Count;
        }

        if (done < size)
        {
            tiles.Add(new Tile(size - V.Narrowest().Count, V.Narrowest()));
        }

        return tiles;
    }

    /// <summary>Whether the last of <paramref name="tiles"/> starts inside the one before it.</summary>
    private static bool Overlaps(IReadOnlyList<Tile> tiles) => tiles.Count > 1 && tiles[tiles.Count - 1].Start < tiles[tiles.Count - 2].End;

    /// <summary>How a comment names <paramref name="tiles"/>: "2 tiles", "one tile and units 16…19 in a 128-bit vector", ….</summary>
    private string Describe(IReadOnlyList<Tile> tiles)
    {
        var parts = new List<string>();
        int wide = tiles.Count(t => t.Lanes.Bits == V.Bits);
        if (wide > 0)
        {
            parts.Add(wide == 1 ? "one tile" : N(wide) + " tiles");
        }

        foreach (Tile narrower in tiles.Where(t => t.Lanes.Bits != V.Bits))
        {
            parts.Add($"units {N(narrower.Start)}…{N(narrower.End - 1)} in a {narrower.Lanes.Bits}-bit vector");
        }

        string text = string.Join(" and ", parts);
        return Overlaps(tiles) ? $"{text}; the last starts at {N(tiles[tiles.Count - 1].Start)} and overlaps the one before it" : text;
    }

    /// <summary>The local that holds a gate's pre-activation: <c>forgetGate</c>, <c>candidate</c>; <c>preActivation</c> for RNN and Jordan.</summary>
    public static string Local(Gate gate) =>
        gate.Name.Length == 0 ? "preActivation" : char.ToLowerInvariant(gate.Name[0]) + gate.Name.Substring(1);

    /// <summary>
    /// Emits the loop over tiles of <paramref name="sizeName"/> units; inside it, <c>j</c> is the first unit of the tile.
    /// When the size is not a multiple of the width, the one-stream kernels finish in narrower vectors, each emitted at
    /// its width in a block of its own (<see cref="TilesOf"/>); elsewhere the last tile overlaps the one before it, which
    /// is safe because every kernel reads only inputs it does not write.
    /// </summary>
    public void TileLoop(string sizeName, int size, Action body)
    {
        if (MixedWidths && TilesOf(size).Any(t => t.Lanes.Bits != V.Bits))
        {
            MixedTileLoop(size, body);
            return;
        }

        if (V.IsScalar)
        {
            W.Open($"for (nuint j = 0; j < {sizeName}; j++)");
        }
        else if (size == V.Count)
        {
            // A loop of one iteration would let the JIT hoist every activation constant into a register ahead of it
            // and spill the rest; straight-line code keeps the constants as memory operands.
            W.Line($"// One tile: {sizeName} ({N(size)}) is one vector of {V.Count} units.");
            W.Open();
            W.Line("nuint j = 0;");
        }
        else if (size % V.Count == 0)
        {
            W.Line($"// {V.Count} units per tile: {sizeName} ({N(size)}) is a multiple of {V.Count}.");
            W.Open($"for (nuint j = 0; j < {sizeName}; j += {V.Count})");
        }
        else
        {
            W.Line($"// {V.Count} units per tile; {sizeName} ({N(size)}) is not a multiple of {V.Count}, so the last tile starts at {N(size - V.Count)} and overlaps the one before it.");
            W.Open($"for (nuint tile = 0; tile < {sizeName}; tile += {V.Count})");
            W.Line($"nuint j = Math.Min(tile, (nuint)({sizeName} - {V.Count}));");
        }

        body();
        W.Close();
    }

    /// <summary>The whole tiles of <paramref name="size"/> units at the kernel's width, then each narrower tile in a block at its own width.</summary>
    private void MixedTileLoop(int size, Action body)
    {
        List<Tile> tiles = TilesOf(size);
        int whole = size / V.Count;
        W.Line($"// {V.Count} units per tile: {Describe(tiles)}.");
        if (whole == 1)
        {
            W.Open();
            W.Line("nuint j = 0;");
        }
        else
        {
            W.Open($"for (nuint j = 0; j < {N(whole * V.Count)}; j += {V.Count})");
        }

        body();
        W.Close();
        for (int t = whole; t < tiles.Count; t++)
        {
            Tile tail = tiles[t];
            string overlap = tail.Start < tiles[t - 1].End ? ", overlapping the tile before" : "";
            W.Line();
            W.Open();
            W.Line($"// Units {N(tail.Start)}…{N(tail.End - 1)} in {tail.Lanes.Bits}-bit vectors{overlap}.");
            W.Line($"nuint j = {N(tail.Start)};");
            AtWidth(tail.Lanes, body);
            W.Close();
        }
    }

    /// <summary>The sum of the named bias blocks at units <c>offset…</c> (or zero without biases): a pre-activation's start.</summary>
    public Func<string, string> Biases(params string[] biasBlocks) => offset =>
    {
        if (!Spec.Bias || biasBlocks.Length == 0)
        {
            return V.Zero;
        }

        var terms = new List<string>();
        foreach (string block in biasBlocks)
        {
            terms.Add(V.Load("parameters", block + "Offset + " + offset));
        }

        return string.Join(" + ", terms);
    };

    /// <summary>
    /// Emits the matrix-vector products of a kernel and the element-wise work after them: every tile of
    /// <paramref name="sizeName"/> units starts its <paramref name="accumulators"/> from their initial values, each of
    /// <paramref name="passes"/> adds weights × a source vector, then <paramref name="tile"/> emits the rest of the tile
    /// with <c>j</c> its first unit and each accumulator under its own name.
    /// </summary>
    /// <remarks>
    /// Several tiles are computed together when their accumulators fit in the vector registers: each source value is
    /// then broadcast once for all of them, their weights are read row by row in memory order, and the independent
    /// multiply-adds keep both FMA units busy instead of waiting on one dependency chain per gate. The sum for each unit
    /// is formed in the same order either way (biases, then the passes in order, k ascending), so the results do not
    /// depend on the grouping.
    /// </remarks>
    /// <param name="references">
    /// Refs the element-wise rest reads that are derived from the state's <c>h</c> and <c>hNext</c> (an LSTM's <c>c</c>):
    /// declared first, or per stream in a multi-stream kernel.
    /// </param>
    /// <param name="ahead">
    /// Accumulators whose activation reads nothing but their own sum, with that activation: where the sums are parked,
    /// the rest may apply these ahead in loops of their own (<see cref="ActivateAhead"/>; never when the cell clips), and
    /// <paramref name="tile"/>'s <see cref="Activate"/> calls for them then emit nothing.
    /// </param>
    public void TiledProducts(
        string sizeName, int size, IReadOnlyList<string> comments, IReadOnlyList<(string Local, Func<string, string> Initial)> accumulators,
        IReadOnlyList<Product> passes, Action tile, IReadOnlyList<string>? references = null,
        IReadOnlyList<(string Local, ActivationKind Activation)>? ahead = null)
    {
        references ??= Array.Empty<string>();
        _ahead = ahead ?? Array.Empty<(string, ActivationKind)>();
        if (Mode is KernelMode.Streams or KernelMode.Projection)
        {
            StreamPasses(sizeName, size, accumulators, passes, tile, references);
            return;
        }

        if (Mode == KernelMode.Projected)
        {
            // The input projection already holds each pre-activation's biases and W x(t): start from it.
            accumulators = accumulators.Select((a, row) => (a.Local, (Func<string, string>)(offset => V.Load("projection", InRow(row, offset))))).ToList();
            passes = passes.Where(pass => !pass.ReadsInput).ToList();
            comments = new[] { "Each pre-activation starts from its row of the input projection (its biases and W x(t)), then adds the recurrent products." };
        }

        foreach (string reference in references)
        {
            W.Line(reference);
        }

        if (references.Count > 0)
        {
            W.Line();
        }

        if (sizeName == "HiddenSize" && UsesGatePasses(V, size))
        {
            GatePasses(sizeName, size, comments, accumulators, passes, tile);
            return;
        }

        int tilesPerGroup = TilesPerGroup(V, size, accumulators.Count);
        if (tilesPerGroup == 1)
        {
            TileLoop(sizeName, size, () =>
            {
                foreach (string comment in comments)
                {
                    W.Line("// " + comment);
                }

                foreach ((string local, Func<string, string> initial) in accumulators)
                {
                    W.Line($"{V.Type} {local} = {initial("j")};");
                }

                foreach (Product pass in passes)
                {
                    EmitProduct(pass, pass.Targets, "j", V.IsScalar ? 1 : V.Count, new[] { new Tile(0, V) }, numbered: false);
                }

                W.Line();
                tile();
            });
            return;
        }

        W.Line($"// {V.Count} units per tile, {N(tilesPerGroup)} tiles at a time: their {N(tilesPerGroup * accumulators.Count)} accumulators stay in registers while the");
        W.Line("// weights stream past once, row by row, and each source value is broadcast once for all of them.");
        ForEachChunk(size, tilesPerGroup, "Every pre-activation", tiles => TileGroup(comments, accumulators, passes, tile, tiles));
    }

    /// <summary>One group of <paramref name="tiles"/> from <c>group</c>: accumulators, products, then each tile's rest at its width.</summary>
    private void TileGroup(
        IReadOnlyList<string> comments, IReadOnlyList<(string Local, Func<string, string> Initial)> accumulators, IReadOnlyList<Product> passes,
        Action tile, IReadOnlyList<Tile> tiles)
    {
        foreach (string comment in comments)
        {
            W.Line("// " + comment);
        }

        StartAccumulators(accumulators, tiles);

        foreach (Product pass in passes)
        {
            EmitProduct(pass, pass.Targets, "group", _groupAlignment, tiles, numbered: true);
        }

        for (int t = 0; t < tiles.Count; t++)
        {
            RestOfTile(accumulators, tiles, t, tile);
        }
    }

    /// <summary>
    /// The rest of the step for tile <paramref name="t"/> of <paramref name="tiles"/> from <c>group</c>, at the tile's
    /// width, from its accumulators <c>local0</c>, <c>local1</c>, … (<see cref="StartAccumulators"/>).
    /// </summary>
    private void RestOfTile(IReadOnlyList<(string Local, Func<string, string> Initial)> accumulators, IReadOnlyList<Tile> tiles, int t, Action tile)
    {
        W.Line();
        W.Open();
        W.Line(tiles.Count == 1
            ? "// The rest of the step for the tile's units."
            : $"// Tile {N(t + 1)} of {N(tiles.Count)}: the rest of the step for its units.");
        W.Line($"nuint j = {Offset("group", tiles[t].Start)};");
        AtWidth(tiles[t].Lanes, () =>
        {
            foreach ((string local, _) in accumulators)
            {
                W.Line($"{V.Type} {local} = {local}{N(t)};");
            }

            tile();
        });
        W.Close();
    }

    /// <summary>Declares <c>local0</c>, <c>local1</c>, … of every accumulator for <paramref name="tiles"/> from <c>group</c>, each at its width.</summary>
    private void StartAccumulators(IReadOnlyList<(string Local, Func<string, string> Initial)> accumulators, IReadOnlyList<Tile> tiles)
    {
        foreach ((string local, Func<string, string> initial) in accumulators)
        {
            for (int t = 0; t < tiles.Count; t++)
            {
                int index = t;
                AtWidth(tiles[t].Lanes, () => W.Line($"{V.Type} {local}{N(index)} = {initial(Offset("group", tiles[index].Start))};"));
            }
        }
    }

    /// <summary>
    /// How a product for tiles from <paramref name="start"/> finds its weights: the line that sets <c>row</c> for input k,
    /// and the index from a target block's offset of the weights of the tile at a given unit from the start. Row-major
    /// blocks: row k's units are contiguous. Blocks in panels (<see cref="ParameterLayout.RecurrentPanel"/>): unit u of
    /// row k is at (u / P) · P · rows + k · P + u % P, which for a start that is a multiple of P is start · rows plus a
    /// constant per tile; for any other start, each tile's panel is worked out from it.
    /// </summary>
    /// <param name="startAlignment">A power of two that divides every value <paramref name="start"/> takes.</param>
    /// <param name="extent">Where the last tile ends, from the start.</param>
    private (string Row, Func<int, string> Index) Addressing(
        Product pass, IReadOnlyList<(string Local, string Block)> targets, string start, int startAlignment, int extent)
    {
        int panel = PanelOf(targets.Select(target => target.Block));
        if (panel == 0)
        {
            return ($"nuint row = k * {pass.StrideName} + {start};", tile => Offset("row", tile));
        }

        int panelValues = panel * BlockNamed(targets[0].Block).Rows;
        if (startAlignment % panel == 0)
        {
            // The start is a panel's first unit.
            return ($"nuint row = k * {N(panel)} + {start} * {pass.CountName};", tile => Offset("row", tile / panel * panelValues + tile % panel));
        }

        if (panel % startAlignment == 0 && extent <= startAlignment)
        {
            // Every tile lies in the start's panel.
            return ($"nuint row = k * {N(panel)} + {start} / {N(panel)} * {N(panelValues)} + {start} % {N(panel)};", tile => Offset("row", tile));
        }

        string Unit(int tile) => tile == 0 ? start : $"({start} + {N(tile)})";
        return ($"nuint row = k * {N(panel)};", tile => $"row + {Unit(tile)} / {N(panel)} * {N(panelValues)} + {Unit(tile)} % {N(panel)}");
    }

    /// <summary>The blocks of the cell's parameter layout by name.</summary>
    private Dictionary<string, Block> Blocks => _blocks ??= ParameterLayout.For(Spec).ToDictionary(block => block.Name);

    private Dictionary<string, Block>? _blocks;

    private Block BlockNamed(string name) =>
        Blocks.TryGetValue(name, out Block? block) ? block : throw new InvalidOperationException($"Generator bug: no parameter block {name}.");

    /// <summary>The panel width of the blocks one product reads, which are all stored alike (0: row-major).</summary>
    private int PanelOf(IEnumerable<string> blocks)
    {
        var widths = blocks.Select(name => BlockNamed(name).PanelWidth).Distinct().ToList();
        return widths.Count == 1 ? widths[0] : throw new InvalidOperationException($"Generator bug: one product reads blocks stored in panels of {string.Join(" and ", widths)}.");
    }

    /// <summary>The largest power of two that divides <paramref name="value"/> (a large one for 0).</summary>
    private static int Alignment(int value) => value == 0 ? 1 << 30 : value & -value;

    /// <summary>A power of two that divides every value <c>group</c> takes in the chunk being emitted.</summary>
    private int _groupAlignment = 1;

    /// <summary>
    /// One product for <paramref name="tiles"/> from <paramref name="start"/>: row k of each target's block × source[k]
    /// added to <c>local0</c>, <c>local1</c>, … when <paramref name="numbered"/>, else to <c>local</c> itself (one tile).
    /// The source value is broadcast once for each width among the tiles: <c>inputValue</c> at the kernel's, <c>inputValue128</c>….
    /// </summary>
    private void EmitProduct(
        Product pass, IReadOnlyList<(string Local, string Block)> targets, string start, int startAlignment, IReadOnlyList<Tile> tiles, bool numbered)
    {
        string Value(Lanes lanes) => lanes.Bits == V.Bits ? pass.ValueName : pass.ValueName + N(lanes.Bits);
        W.Line();
        W.Line("// " + pass.Comment);
        W.Open($"for (nuint k = 0; k < {pass.CountName}; k++)");
        var widths = new List<Lanes>();
        foreach (Tile tile in tiles)
        {
            if (!widths.Any(lanes => lanes.Bits == tile.Lanes.Bits))
            {
                widths.Add(tile.Lanes);
                W.Line($"{tile.Lanes.Type} {Value(tile.Lanes)} = {tile.Lanes.Broadcast($"Unsafe.Add(ref {pass.Source}, k)")};");
            }
        }

        (string row, Func<int, string> index) = Addressing(pass, targets, start, startAlignment, tiles.Max(tile => tile.End));
        W.Line(row);
        foreach ((string local, string block) in targets)
        {
            for (int t = 0; t < tiles.Count; t++)
            {
                Lanes lanes = tiles[t].Lanes;
                string name = numbered ? local + N(t) : local;
                string at = block + "Offset + " + index(tiles[t].Start);
                W.Line($"{name} = {lanes.MultiplyAdd(lanes.Load("parameters", at), Value(lanes), name)};");
            }
        }

        W.Close();
    }

    /// <summary>
    /// How many tiles to compute together: as many as keep their accumulators, a broadcast value and a loaded weight in
    /// registers (32 vector registers with AVX-512, 16 with AVX2 and SSE or Arm's 128-bit vectors, where 12 are left
    /// for accumulators); one tile at a time for scalars.
    /// </summary>
    /// <summary>
    /// Whether <see cref="TiledProducts"/> parks the sums of the hidden layer in <c>_preActivations</c> (<see cref="GatePasses"/>):
    /// whenever there is more than one tile. Written out tile by tile, the rest of a step would keep every tile's
    /// accumulators alive through the activations of the others and make the JIT spill vectors to the stack, whose
    /// 64-byte alignment nothing guarantees: LSTM(3, 64) measured 1.4× slower in the processes where it fell across
    /// cache lines than in the others.
    /// </summary>
    /// <remarks>Scalars park their sums too, so that every product of a step has read the old state before the first new
    /// value is written, at every width (<see cref="UpdatesStateInPlace"/>).</remarks>
    private static bool UsesGatePasses(Lanes v, int size) => Tiles(v, size) > 1;

    /// <summary>
    /// Whether the step kernels write the new state over the old one, which saves copying it from a buffer every step:
    /// every product reads the old state before any new value is stored (the sums are parked, or one tile holds them),
    /// and each tile's rest reads only its own units' old values (an LSTM's c(t−1), a GRU's h(t−1)), which holds unless
    /// the last tile overlaps the one before it at some width: the one-stream kernels end in narrower vectors
    /// (<see cref="TilesOf"/>), so only where a 128-bit vector does not divide the size. A Jordan cell's state is its
    /// output, computed apart.
    /// </summary>
    /// <remarks>A step that does the rest chunk by chunk (<see cref="TilesPerRestChunk"/>) writes a chunk's h(t) before the
    /// next chunk's products have read h(t−1), so it writes into <c>_next</c>.</remarks>
    public static bool UpdatesStateInPlace(CellSpec s) =>
        s.Kind != CellKind.Jordan
        && Lanes.For(s, s.Hidden).All(v => s.Hidden % v.Narrowest().Count == 0)
        && !Lanes.For(s, s.Hidden).Any(v => UsesGatePasses(v, s.Hidden) && RestsInChunks(s, v));

    /// <summary>Whether the multi-stream kernels write each stream's new state over its old one: they park every stream's
    /// products before any rest, so only a tile that overlaps the one before it stands in the way.</summary>
    public static bool StreamsUpdateStateInPlace(CellSpec s) =>
        s.Kind != CellKind.Jordan && Lanes.For(s, s.Hidden).All(v => s.Hidden % v.Count == 0);

    private static int TilesPerGroup(Lanes v, int size, int accumulators) =>
        v.IsScalar ? 1 : Math.Max(1, Math.Min(Tiles(v, size), Budget(v) / accumulators));

    /// <summary>How many accumulators a group keeps in registers: 32 vector registers with AVX-512, 16 otherwise.</summary>
    private static int Budget(Lanes v) => HasThirtyTwoRegisters(v) ? 16 : 12;

    /// <summary>
    /// Whether kernels of width <paramref name="v"/> may count on 32 vector registers: 512-bit vectors need AVX-512, which
    /// has them; narrower kernels may run on AVX2 or SSE machines with 16 (ARM64's 32 are not counted on).
    /// </summary>
    private static bool HasThirtyTwoRegisters(Lanes v) => v.Bits == 512;

    private static int Tiles(Lanes v, int size) => (size + v.Count - 1) / v.Count;

    /// <summary>
    /// The pre-activations the first (for most cells the only) product pass of a step accumulates: LSTMs four gates,
    /// reset-after GRUs four (the candidate's two parts apart), reset-before GRUs three, RNN and Jordan one.
    /// </summary>
    public static int Accumulators(CellSpec s) => s.Kind switch
    {
        CellKind.Lstm => 4,
        CellKind.Gru => s.ResetAfter ? 4 : 3,
        _ => 1,
    };

    /// <summary>
    /// The rows of <c>_preActivations</c> (each HiddenSize values) a cell's step kernels need, or 0 when no width
    /// parks its sums (every width is one tile, or scalar). Kept beside <see cref="GatePasses"/>, which checks it.
    /// </summary>
    public static int PreActivationRows(CellSpec s) =>
        Lanes.For(s, s.Hidden).Any(v => UsesGatePasses(v, s.Hidden)) ? Accumulators(s) : 0;

    /// <summary>
    /// The hidden layer's products when it has more than one tile: each pass computes one or more pre-activations for
    /// all units (all of them in one pass when every tile's accumulators fit in registers, else in chunks of as many
    /// tiles as fit, so that a pass reads its gates' weight rows whole and in memory order, one stream per gate) and
    /// parks the sums in <c>_preActivations</c>; one last loop over the tiles then does the element-wise rest. The sum
    /// for each unit is formed in the same order whatever the passes, so the results are the same.
    /// </summary>
    private void GatePasses(
        string sizeName, int size, IReadOnlyList<string> comments, IReadOnlyList<(string Local, Func<string, string> Initial)> accumulators,
        IReadOnlyList<Product> passes, Action tile)
    {
        if (sizeName != "HiddenSize" || PreActivationRows(Spec) < accumulators.Count)
        {
            throw new InvalidOperationException($"Generator bug: {accumulators.Count} pre-activation rows of {sizeName} ({Spec.Kind}, {Spec.Hidden} units, {V.Bits}-bit) need _preActivations, which PreActivationRows ({PreActivationRows(Spec)}) does not provide.");
        }

        List<Tile> starts = TilesOf(size);
        int budget = Budget(V);
        int perPass = Math.Max(1, Math.Min(accumulators.Count, budget / starts.Count));
        int tilesPerChunk = ChunkTiles(starts.Count, budget / perPass);
        string what = perPass == 1 ? "one pre-activation" : N(perPass) + " pre-activations";
        string tiling = V.IsScalar ? $"One unit per tile, {N(starts.Count)} tiles"
            : starts.Any(t => t.Lanes.Bits != V.Bits) ? $"{V.Count} units per tile, {Describe(starts)}"
            : $"{V.Count} units per tile, {N(starts.Count)} tiles";
        int? restTiles = RestChunkTiles(Spec, V, accumulators.Count);
        bool restInRegisters = restTiles is int chunk && KeepsChunkInRegisters(V, chunk, accumulators.Count);
        if (restTiles == 1)
        {
            W.Line($"// {tiling}, one tile at a time: the tile's products, then the rest of the step for its units");
            W.Line("// straight from the accumulators. The weights come from the second-level cache, and the next tile's loads");
            W.Line("// go on while this one's activations are computed.");
        }
        else if (restTiles is int tilesPerRest && restInRegisters)
        {
            W.Line($"// {tiling}, {N(tilesPerRest)} tiles at a time: the chunk's products, then the rest of the step for its units");
            W.Line($"// straight from the accumulators ({N(tilesPerRest * accumulators.Count)} chains of multiply-adds in flight). The weights come from the");
            W.Line("// second-level cache, and the next chunk's loads go on while this one's activations are computed.");
        }
        else if (restTiles is int tilesParked)
        {
            W.Line($"// {tiling}, {N(tilesParked)} tiles at a time: the chunk's products, its sums parked in _preActivations, then");
            W.Line("// the rest of the step for its units. The weights come from the second-level cache, and the next chunk's");
            W.Line("// loads go on while this one's activations are computed.");
        }
        else if (perPass == accumulators.Count && tilesPerChunk == starts.Count)
        {
            W.Line($"// {tiling}: their {N(starts.Count * perPass)} accumulators stay in registers while the weights stream");
            W.Line("// past once, row by row, and each source value is broadcast once for all of them. The sums are parked in");
            W.Line("// _preActivations and a last loop over the tiles does the rest of the step, one tile's activations at a time.");
        }
        else
        {
            W.Line($"// {tiling}: the accumulators of all of them do not fit in registers, so each");
            W.Line($"// pass computes {what} for all units, reading the weight rows whole and in memory order,");
            W.Line("// and parks the sums in _preActivations; a last loop over the tiles does the rest of the step.");
        }

        if (!_preActivationsDeclared && !restInRegisters)
        {
            W.Line($"ref {V.Element} preActivations = ref _preActivations.Reference;");
            _preActivationsDeclared = true;
        }

        foreach (string comment in comments)
        {
            W.Line("// " + comment);
        }

        if (restTiles is int chunkTiles)
        {
            ChunksWithTheirRest(sizeName, accumulators, passes, tile, chunkTiles, restInRegisters);
            return;
        }

        foreach ((var chosen, var rows) in PassGroups(accumulators, perPass))
        {
            W.Line();
            string which = chosen.Count == accumulators.Count ? "Every pre-activation" : string.Join(" and ", chosen.Select(c => c.Local));
            ForEachChunk(size, tilesPerChunk, which, tiles => PassChunk(chosen, rows, passes, tiles));
        }

        W.Line();
        RestFromRows(sizeName, size, accumulators, tile);
    }

    /// <summary>
    /// Tiles per chunk when a one-pass step does the rest chunk by chunk, or null when it finishes all products first.
    /// Chunks pay where a step's weights do not fit the first-level cache (32 KB on the machines CellGen is measured on):
    /// the step then waits on the second-level cache, and a chunk's activations overlap the next chunk's loads (LSTM(3, 64)
    /// and GRU(3, 64) Step 5% faster, measured). A chunk keeps at least 8 accumulators, so that its multiply-adds do not
    /// wait on one another: each takes 4 cycles, and a core with two 512-bit multiply-add pipes (Zen 5) starts two a
    /// cycle. Chunks of one tile (4 chains, enough for Zen 4's one 512-bit multiply-add a cycle) left Zen 5 waiting on
    /// each gate's chain of 67 sums: two tiles a chunk made LSTM(3, 64) `Sequence` 0.80×, GRU(3, 64) 0.65×, the
    /// reset-before GRU(3, 64) 0.75× and RNN(16, 128) 0.77× the time (Stopwatch A/B in one process, seven rounds). Where
    /// the weights fit the cache the step is bound by that latency, and one pass over all tiles keeps the most
    /// multiply-adds in flight (LSTM(3, 32) measured 18% slower in chunks). The chunks must divide the tiles: the loop
    /// over them has no shorter last chunk, and 5 tiles in chunks of 4 (a reset-before GRU's candidate pass, 40 doubles)
    /// ran past the hidden units.
    /// </summary>
    private static int? TilesPerRestChunk(CellSpec s, Lanes v, int accumulators)
    {
        int tiles = Math.Max(1, 8 / accumulators);
        int all = Tiles(v, s.Hidden);
        return !v.IsScalar && StepWeightBytes(s) > 32 * 1024 && s.Hidden % v.Count == 0 && all > tiles && all % tiles == 0 ? tiles : null;
    }

    /// <summary>
    /// Whether some step kernel of the cell goes through its tiles chunk by chunk with their rest (<see cref="ChunksWithTheirRest"/>)
    /// and alternates the chunks' order from step to step, which needs a <c>_reversed</c> field. The weights of the chunk a
    /// step ends on are then still in the first-level cache when the next step starts on them: with the recurrent weights
    /// in panels, LSTM(3, 64)'s sequence step in one-tile chunks went from 626–628 to 566–567 ns (Stopwatch, one process).
    /// Neither change alone gained (hand-made kernels: panels in one order 638 ns, rows in alternating order 644 ns,
    /// against 643), because without panels each tile's weights fall into a quarter of the cache's sets. Chunks of two
    /// tiles in one order, their sums parked, ran LSTM(3, 64)'s `Step` 1.13× as long as one-tile chunks alternating.
    /// </summary>
    public static bool AlternatesTiles(CellSpec s) =>
        Lanes.For(s, s.Hidden).Any(v => RestsInChunks(s, v));

    /// <summary>Whether the step kernels at width <paramref name="v"/> do the rest chunk by chunk (<see cref="RestChunkTiles"/>).</summary>
    private static bool RestsInChunks(CellSpec s, Lanes v) => RestChunkTiles(s, v, Accumulators(s)) is not null;

    /// <summary>
    /// The tiles of a chunk when a step does the rest chunk by chunk (<see cref="ChunksWithTheirRest"/>), or null when it
    /// finishes all products first. Chunks need <see cref="TilesPerRestChunk"/> to ask for them and either every tile's
    /// accumulators to fit one pass (as <see cref="GatePasses"/> finds), or, where the recurrent weights are in panels,
    /// a chunk's accumulators to fit the registers and the chunk to be one panel wide: then a chunk reads each gate's
    /// weights as one contiguous run of whole cache lines, as a 512-bit tile does. That is the 256-bit step of
    /// LSTM(3, 64) on machines without AVX-512, which otherwise made four passes of one gate each in memory order and
    /// ended with all the activations: chunks took it from 1.10–1.13× the time (GRU(3, 64): 1.04–1.09×, measured).
    /// </summary>
    private static int? RestChunkTiles(CellSpec s, Lanes v, int accumulators)
    {
        if (TilesPerRestChunk(s, v, accumulators) is not int chunk)
        {
            return null;
        }

        int tiles = Tiles(v, s.Hidden);
        int perPass = Math.Max(1, Math.Min(accumulators, Budget(v) / tiles));
        bool onePass = perPass == accumulators && ChunkTiles(tiles, Budget(v) / perPass) == tiles;
        int panel = ParameterLayout.RecurrentPanel(s);
        bool wholePanel = accumulators == Accumulators(s) && panel == chunk * v.Count && chunk * accumulators <= Budget(v);
        return onePass || wholePanel ? chunk : null;
    }

    /// <summary>The bytes of weights one step reads: each gate's input and recurrent weights.</summary>
    private static long StepWeightBytes(CellSpec s)
    {
        return (long)ParameterLayout.Gates(s.Kind).Count * s.Hidden * (s.Input + s.Hidden) * s.ElementBytes;
    }

    /// <summary>
    /// Every pre-activation of <paramref name="chunkTiles"/> tiles at a time (a loop over the chunks, in alternating
    /// order): the products, then the rest of the step for the chunk's units, straight from the accumulators where they
    /// fit (<see cref="KeepsChunkInRegisters"/>; storing and reloading one tile's sums cost LSTM(3, 64)'s sequence step
    /// 2%, 652–655 against 638–641 ns, measured), else from their rows of <c>_preActivations</c>.
    /// </summary>
    private void ChunksWithTheirRest(
        string sizeName, IReadOnlyList<(string Local, Func<string, string> Initial)> accumulators, IReadOnlyList<Product> passes, Action tile,
        int chunkTiles, bool inRegisters)
    {
        int chunkUnits = chunkTiles * V.Count;
        bool oneTile = chunkTiles == 1;
        if (!AlternatesTiles(Spec))
        {
            throw new InvalidOperationException($"Generator bug: a step of {Spec.Kind} ({Spec.Hidden} units, {V.Bits}-bit) alternates the order of its chunks, but AlternatesTiles gives the cell no _reversed.");
        }

        string unit = oneTile ? "tile" : "chunk";
        W.Line();
        W.Line($"// The {unit}s go first to last on one step and last to first on the next, so that each step starts on the");
        W.Line($"// weights the step before ended on, which are still in the first-level cache. Each {unit}'s sums are formed");
        W.Line("// alike either way.");
        W.Line("bool reversed = _reversed = !_reversed;");
        W.Open($"for (nuint {unit} = 0; {unit} < {sizeName}; {unit} += {N(chunkUnits)})");
        W.Line($"nuint group = reversed ? {sizeName} - {N(chunkUnits)} - {unit} : {unit};");
        _groupAlignment = Alignment(chunkUnits);
        var tiles = Enumerable.Range(0, chunkTiles).Select(t => new Tile(t * V.Count, V)).ToList();
        if (inRegisters)
        {
            StartAccumulators(accumulators, tiles);
            EmitPasses(accumulators, passes, tiles);
            for (int t = 0; t < tiles.Count; t++)
            {
                RestOfTile(accumulators, tiles, t, tile);
            }
        }
        else
        {
            PassChunk(accumulators, Enumerable.Range(0, accumulators.Count).ToList(), passes, tiles);
            W.Line();
            ActivateAhead(accumulators, Spec.Hidden, chunkUnits);
            W.Line("// The rest of the step for the chunk's units.");
            W.Open($"for (nuint j = group; j < group + {N(chunkUnits)}; j += {V.Count})");
            RestFromParkedSums(accumulators, tile);
            W.Close();
            _activatedAhead.Clear();
        }

        W.Close();
    }

    /// <summary>
    /// Whether a chunk's rest reads its sums straight from the accumulators rather than parking them in
    /// <c>_preActivations</c>: where they take at most 8 of AVX-512's 32 vector registers, so that the tiles still waiting
    /// keep theirs through one tile's activations without spilling.
    /// </summary>
    private static bool KeepsChunkInRegisters(Lanes v, int chunkTiles, int accumulators) =>
        chunkTiles == 1 || (HasThirtyTwoRegisters(v) && chunkTiles * accumulators <= 8);

    /// <summary>The accumulators in groups of <paramref name="perPass"/>, one group per pass, each with its rows (its indices in <paramref name="accumulators"/>).</summary>
    private static IEnumerable<(List<(string Local, Func<string, string> Initial)> Chosen, List<int> Rows)> PassGroups(
        IReadOnlyList<(string Local, Func<string, string> Initial)> accumulators, int perPass)
    {
        for (int first = 0; first < accumulators.Count; first += perPass)
        {
            var rows = Enumerable.Range(first, Math.Min(perPass, accumulators.Count - first)).ToList();
            yield return (rows.Select(a => accumulators[a]).ToList(), rows);
        }
    }

    /// <summary>The loop over the tiles that loads each accumulator from its row of <c>preActivations</c> and emits the rest of the step.</summary>
    private void RestFromRows(string sizeName, int size, IReadOnlyList<(string Local, Func<string, string> Initial)> accumulators, Action tile)
    {
        ActivateAhead(accumulators, size, null);
        TileLoop(sizeName, size, () => RestFromParkedSums(accumulators, tile));
        _activatedAhead.Clear();
    }

    /// <summary>
    /// Below 512 bits and where the cell does not clip, applies the activations of <see cref="_ahead"/> to the parked
    /// sums in place, one activation per loop, before the rest of the step: over whole rows of <c>_preActivations</c> (rows next to each other with the
    /// same activation in one loop), or, with <paramref name="chunkUnits"/>, over a chunk's units from <c>group</c>.
    /// </summary>
    /// <remarks>
    /// The JIT hoists an activation's constants (sixteen of them for tanh) out of the loop that applies it. With AVX2's
    /// sixteen vector registers, the rest of an LSTM tile, three sigmoids and two tanh in one loop, then kept its values
    /// on the stack: the 256-bit LSTM(3, 32) `Step` took 1.18–1.63× as long as with i, f and o, then g, activated in
    /// loops of their own (a hand-made kernel, Stopwatch A/B in one process, five rounds; unrolling the rest's four tiles
    /// instead, which leaves the constants as memory operands, ran 1.30–1.33× as long as the loop). Each value goes through
    /// the same operations, so the results are the same bit for bit. AVX-512's 32 registers hold the constants and the
    /// rest together.
    /// </remarks>
    private void ActivateAhead(IReadOnlyList<(string Local, Func<string, string> Initial)> accumulators, int units, int? chunkUnits)
    {
        // A cell that clips clamps each sum before its activation (and its training forward records the unclipped sums).
        if (V.IsScalar || HasThirtyTwoRegisters(V) || Spec.Clip > 0 || units % V.Count != 0 || (chunkUnits ?? units) == V.Count)
        {
            return;
        }

        var rows = new List<(int Row, string Local, ActivationKind Activation)>();
        for (int row = 0; row < accumulators.Count; row++)
        {
            foreach ((string local, ActivationKind activation) in _ahead)
            {
                if (local == accumulators[row].Local && activation is not (ActivationKind.Linear or ActivationKind.Softmax))
                {
                    rows.Add((row, local, activation));
                }
            }
        }

        if (rows.Count == 0)
        {
            return;
        }

        W.Line("// Activations that read only their own sum, ahead and one to a loop, so that each loop's constants and values");
        W.Line("// fit in the vector registers (sixteen without AVX-512).");
        for (int first = 0; first < rows.Count;)
        {
            int last = first;
            while (chunkUnits is null && last + 1 < rows.Count && rows[last + 1].Row == rows[last].Row + 1 && rows[last + 1].Activation == rows[first].Activation)
            {
                last++;
            }

            string names = JoinWithAnd(rows.Skip(first).Take(last - first + 1).Select(r => r.Local).ToList());
            if (first > 0)
            {
                W.Line();
            }

            W.Line($"// {names} = {Formula(rows[first].Activation, "sum")}, in place");
            string loop = chunkUnits is int chunk
                ? $"for (nuint j = group; j < group + {N(chunk)}; j += {V.Count})"
                : $"for (nuint j = {(rows[first].Row == 0 ? "0" : RowsOf(rows[first].Row))}; j < {RowsOf(rows[last].Row + 1)}; j += {V.Count})";
            string at = chunkUnits is null ? "j" : InRow(rows[first].Row, "j");
            W.Open(loop);
            W.Line($"{Apply(rows[first].Activation, V.Load("preActivations", at))}.StoreUnsafe(ref preActivations, {at});");
            W.Close();
            for (int r = first; r <= last; r++)
            {
                _activatedAhead.Add(rows[r].Local);
            }

            first = last + 1;
        }

        W.Line();
    }

    /// <summary>For a formula comment: which of the gates (local, symbol) <see cref="ActivateAhead"/> has activated
    /// already, or nothing.</summary>
    public string AheadNote(params (string Local, string Symbol)[] gates)
    {
        var ahead = gates.Where(g => _activatedAhead.Contains(g.Local)).Select(g => g.Symbol).ToList();
        return ahead.Count == 0 ? "" : $" ({JoinWithAnd(ahead)} applied ahead)";
    }

    /// <summary>"a", "a and b", "a, b and c".</summary>
    private static string JoinWithAnd(IReadOnlyList<string> items) =>
        items.Count == 1 ? items[0] : string.Join(", ", items.Take(items.Count - 1)) + " and " + items[items.Count - 1];


    /// <summary>The rest of the step for the tile at <c>j</c>: each accumulator loaded from its row of <c>preActivations</c>, then <paramref name="tile"/>.</summary>
    private void RestFromParkedSums(IReadOnlyList<(string Local, Func<string, string> Initial)> accumulators, Action tile)
    {
        for (int a = 0; a < accumulators.Count; a++)
        {
            W.Line($"{V.Type} {accumulators[a].Local} = {V.Load("preActivations", InRow(a, "j"))};");
        }

        tile();
    }

    /// <summary>
    /// Emits <paramref name="body"/> for every chunk of <paramref name="tilesPerChunk"/> tiles of <paramref name="size"/>
    /// units (<see cref="TilesOf"/>), with <c>group</c> the chunk's first unit and its tiles given from there: one block
    /// when a single chunk covers every unit, else a loop over the whole chunks of full-width tiles and a block for
    /// each run of at most <paramref name="tilesPerChunk"/> of the tiles that remain (the narrower or overlapping ones
    /// among them).
    /// </summary>
    private void ForEachChunk(int size, int tilesPerChunk, string what, Action<IReadOnlyList<Tile>> body)
    {
        List<Tile> tiles = TilesOf(size);
        int chunkUnits = tilesPerChunk * V.Count;
        int wholeChunks = size / V.Count / tilesPerChunk;
        var whole = new List<Tile>();
        for (int t = 0; t < tilesPerChunk; t++)
        {
            whole.Add(new Tile(t * V.Count, V));
        }

        if (wholeChunks == 1 && tilesPerChunk == tiles.Count)
        {
            W.Open();
            W.Line($"// {what}, all units.");
            W.Line("nuint group = 0;");
            _groupAlignment = Alignment(0);
            body(whole);
            W.Close();
            return;
        }

        if (wholeChunks > 0)
        {
            W.Line($"// {what}, {N(chunkUnits)} units at a time.");
            W.Open($"for (nuint group = 0; group < {N(wholeChunks * chunkUnits)}; group += {N(chunkUnits)})");
            _groupAlignment = Alignment(chunkUnits);
            body(whole);
            W.Close();
        }

        bool narrower = tiles.Any(tile => tile.Lanes.Bits != V.Bits);
        string overlap = size % V.Count == 0 ? "" : $"; the last starts at {N(size - V.Count)} and overlaps the one before it";
        for (int first = wholeChunks * tilesPerChunk; first < tiles.Count; first += tilesPerChunk)
        {
            List<Tile> block = tiles.Skip(first).Take(tilesPerChunk).ToList();
            string text = narrower ? Describe(block) : (block.Count == 1 ? "tile" : N(block.Count) + " tiles") + overlap;
            if (first > 0)
            {
                W.Line();
            }

            W.Open();
            W.Line(first == 0 ? $"// {what}, all units in {text}." : $"// {what}, the remaining {text}.");
            W.Line($"nuint group = {N(block[0].Start)};");
            _groupAlignment = Alignment(block[0].Start);
            body(block.Select(tile => tile.From(block[0].Start)).ToList());
            W.Close();
        }
    }

    /// <summary>
    /// Tiles per chunk of a pass: all of them when they fit, else the largest count within <paramref name="most"/> that
    /// divides the tiles evenly, if one of at least half of it exists, so that no remainder needs its own copy of the code.
    /// </summary>
    private static int ChunkTiles(int tiles, int most)
    {
        if (tiles <= most)
        {
            return tiles;
        }

        for (int count = most; count * 2 >= most; count--)
        {
            if (tiles % count == 0)
            {
                return count;
            }
        }

        return most;
    }

    /// <summary>Some pre-activations for <paramref name="tiles"/> from <c>group</c>, each at its width, stored to their rows of <c>_preActivations</c>.</summary>
    private void PassChunk(
        IReadOnlyList<(string Local, Func<string, string> Initial)> chosen, IReadOnlyList<int> rows, IReadOnlyList<Product> passes,
        IReadOnlyList<Tile> tiles)
    {
        StartAccumulators(chosen, tiles);
        EmitPasses(chosen, passes, tiles);
        W.Line();
        for (int i = 0; i < chosen.Count; i++)
        {
            for (int t = 0; t < tiles.Count; t++)
            {
                W.Line(tiles[t].Lanes.Store(chosen[i].Local + N(t), "preActivations", InRow(rows[i], Offset("group", tiles[t].Start))));
            }
        }
    }

    /// <summary>The products of <paramref name="passes"/> into those of <paramref name="chosen"/> they target, for <paramref name="tiles"/> from <c>group</c>.</summary>
    private void EmitPasses(IReadOnlyList<(string Local, Func<string, string> Initial)> chosen, IReadOnlyList<Product> passes, IReadOnlyList<Tile> tiles)
    {
        foreach (Product pass in passes)
        {
            var targets = pass.Targets.Where(target => chosen.Any(c => c.Local == target.Local)).ToList();
            if (targets.Count > 0)
            {
                EmitProduct(pass, targets, "group", _groupAlignment, tiles, numbered: true);
            }
        }
    }

    /// <summary>
    /// Whether a cell has multi-stream kernels, and Forward its input projection: LSTMs, reset-after GRUs and Elman RNNs,
    /// whose products all read x(t) and h(t−1), with at least one vector width (the kernels have no scalar form).
    /// </summary>
    public static bool HasStreamKernels(CellSpec s) =>
        (s.Kind == CellKind.Lstm || s.Kind == CellKind.Rnn || (s.Kind == CellKind.Gru && s.ResetAfter))
        && VectorWidths(s).Count > 0;

    /// <summary>The vector widths that fit the hidden layer, widest first: the widths of the multi-stream and projection kernels.</summary>
    public static IReadOnlyList<Lanes> VectorWidths(CellSpec s) => Lanes.For(s, s.Hidden).Where(l => !l.IsScalar).ToList();

    /// <summary>The pre-activation rows (HiddenSize values each) one stream parks between the products and the rest of a step.</summary>
    public static int StreamRows(CellSpec s) => Accumulators(s);

    /// <summary>
    /// The multi-stream kernel: for every chunk of tiles, each block of <see cref="StreamBlock"/> streams loads the
    /// chunk's weights once for all of its streams and parks the sums in that stream's rows of <c>streamPreActivations</c>;
    /// the weights of a chunk stay in the first-level cache while the blocks go past. Then each stream does the
    /// element-wise rest of its step. Each unit's sum is formed in the same order as in the one-stream kernels (biases,
    /// then the passes in order, k ascending), so every stream gets exactly the result a step of its own would.
    /// </summary>
    private void StreamPasses(
        string sizeName, int size, IReadOnlyList<(string Local, Func<string, string> Initial)> accumulators,
        IReadOnlyList<Product> passes, Action tile, IReadOnlyList<string> references)
    {
        int rowCount = StreamRows(Spec);
        if (sizeName != "HiddenSize" || rowCount != accumulators.Count || V.IsScalar)
        {
            throw new InvalidOperationException($"Generator bug: a multi-stream kernel of {accumulators.Count} pre-activations of {sizeName} ({Spec.Kind}, {V.Bits}-bit) does not fit StreamRows ({rowCount}).");
        }

        bool projection = Mode == KernelMode.Projection;
        if (projection)
        {
            passes = passes.Where(pass => pass.ReadsInput).ToList();
        }

        List<Tile> starts = TilesOf(size);
        int budget = Math.Max(1, Budget(V) / StreamBlock);
        int perPass = Math.Max(1, Math.Min(accumulators.Count, budget / starts.Count));
        int tilesPerChunk = ChunkTiles(starts.Count, Math.Max(1, budget / perPass));
        string what = perPass == 1 ? "one pre-activation" : N(perPass) + " pre-activations";
        string tiles = tilesPerChunk == 1 ? "one tile" : N(tilesPerChunk) + " tiles";
        string streams = projection ? "time steps" : "streams";
        W.Line($"// {N(StreamBlock)} {streams} at a time share each weight vector loaded: {what} of {tiles} ({N(V.Count)} units each)");
        W.Line($"// for {N(StreamBlock)} {streams} is {N(perPass * tilesPerChunk * StreamBlock)} accumulators in registers. Accumulators are named gate, tile, {(projection ? "step" : "stream")}.");
        foreach ((var chosen, var rows) in PassGroups(accumulators, perPass))
        {
            W.Line();
            ForEachChunk(size, tilesPerChunk, string.Join(" and ", chosen.Select(c => c.Local)), tiles =>
            {
                if (!projection)
                {
                    W.Open("for (nuint block = 0; block < count; block += StreamBlock)");
                    StreamChunk(chosen, rows, rowCount, passes, tiles, StreamBlock);
                    W.Close();
                    return;
                }

                // Time steps come in any number: blocks of StreamBlock, then the rest one at a time.
                W.Line("nuint block = 0;");
                W.Open("for (; block + StreamBlock <= count; block += StreamBlock)");
                StreamChunk(chosen, rows, rowCount, passes, tiles, StreamBlock);
                W.Close();
                W.Line();
                W.Open("for (; block < count; block++)");
                StreamChunk(chosen, rows, rowCount, passes, tiles, 1);
                W.Close();
            });
        }

        if (projection)
        {
            return;
        }

        W.Line();
        W.Line("// The rest of the step, stream by stream.");
        W.Open("for (nuint stream = 0; stream < count; stream++)");
        W.Line($"ref {V.Element} h = ref Unsafe.Add(ref hs, stream * StateSize);");
        W.Line($"ref {V.Element} hNext = ref Unsafe.Add(ref hNexts, stream * StateSize);");
        if (Recording)
        {
            W.Line($"ref {V.Element} record = ref Unsafe.Add(ref records, stream * TapeValuesPerStep);");
        }

        W.Line($"ref {V.Element} preActivations = ref Unsafe.Add(ref streamPreActivations, stream * {RowsOf(rowCount)});");
        foreach (string reference in references)
        {
            W.Line(reference);
        }

        W.Line();
        RestFromRows(sizeName, size, accumulators, tile);
        W.Close();
    }

    /// <summary>Some pre-activations of <paramref name="tiles"/> from <c>group</c> (all at the kernel's width) for every stream, a block of streams at a time.</summary>
    private void StreamChunk(
        IReadOnlyList<(string Local, Func<string, string> Initial)> chosen, IReadOnlyList<int> rows, int rowCount, IReadOnlyList<Product> passes,
        IReadOnlyList<Tile> tiles, int blockSize)
    {
        foreach ((string local, Func<string, string> initial) in chosen)
        {
            for (int t = 0; t < tiles.Count; t++)
            {
                W.Line($"{V.Type} {StreamLocal(local, t, 0)} = {initial(Offset("group", tiles[t].Start))};");
                var others = new List<string>();
                for (int stream = 1; stream < blockSize; stream++)
                {
                    others.Add($"{StreamLocal(local, t, stream)} = {StreamLocal(local, t, 0)}");
                }

                if (others.Count > 0)
                {
                    W.Line($"{V.Type} {string.Join(", ", others)};");
                }
            }
        }

        foreach (Product pass in passes)
        {
            var targets = pass.Targets.Where(target => chosen.Any(c => c.Local == target.Local)).ToList();
            if (targets.Count == 0)
            {
                continue;
            }

            (string sources, string streamStride) = pass.Source switch
            {
                "x" => ("xs", "InputSize"),
                "h" => ("hs", "StateSize"),
                _ => throw new InvalidOperationException($"Generator bug: the multi-stream kernels read x and h, not {pass.Source}."),
            };
            W.Line();
            W.Line("// " + pass.Comment);
            W.Line($"ref {V.Element} {pass.Source} = ref Unsafe.Add(ref {sources}, block * {streamStride});");
            W.Open($"for (nuint k = 0; k < {pass.CountName}; k++)");
            for (int stream = 0; stream < blockSize; stream++)
            {
                string at = stream == 0 ? "k" : (stream == 1 ? streamStride : N(stream) + " * " + streamStride) + " + k";
                W.Line($"{V.Type} {pass.ValueName}{N(stream)} = {V.Broadcast($"Unsafe.Add(ref {pass.Source}, {at})")};");
            }

            (string row, Func<int, string> index) = Addressing(pass, targets, "group", _groupAlignment, tiles.Max(tile => tile.End));
            W.Line(row);
            foreach ((string local, string block) in targets)
            {
                for (int t = 0; t < tiles.Count; t++)
                {
                    string weight = $"{local}Weights{N(t)}";
                    W.Line($"{V.Type} {weight} = {V.Load("parameters", block + "Offset + " + index(tiles[t].Start))};");
                    for (int stream = 0; stream < blockSize; stream++)
                    {
                        string name = StreamLocal(local, t, stream);
                        W.Line($"{name} = {V.MultiplyAdd(weight, pass.ValueName + N(stream), name)};");
                    }
                }
            }

            W.Close();
        }

        W.Line();
        W.Line($"ref {V.Element} blockPreActivations = ref Unsafe.Add(ref streamPreActivations, block * {RowsOf(rowCount)});");
        for (int i = 0; i < chosen.Count; i++)
        {
            for (int t = 0; t < tiles.Count; t++)
            {
                for (int stream = 0; stream < blockSize; stream++)
                {
                    string at = InRow(stream * rowCount + rows[i], Offset("group", tiles[t].Start));
                    W.Line(V.Store(StreamLocal(chosen[i].Local, t, stream), "blockPreActivations", at));
                }
            }
        }
    }

    private static string StreamLocal(string local, int tile, int stream) => $"{local}{N(tile)}_{N(stream)}";

    /// <summary>The values in <paramref name="count"/> rows of HiddenSize.</summary>
    private static string RowsOf(int count) => count == 1 ? "HiddenSize" : N(count) + " * HiddenSize";

    /// <summary>The index of unit <paramref name="unit"/> in row <paramref name="row"/> of <c>_preActivations</c>.</summary>
    private static string InRow(int row, string unit) => row switch
    {
        0 => unit,
        1 => "HiddenSize + " + unit,
        _ => N(row) + " * HiddenSize + " + unit,
    };

    private static string Offset(string expression, int offset) => offset == 0 ? expression : $"{expression} + {N(offset)}";

    /// <summary>Clamps the given pre-activations to ±Clip when the cell clips.</summary>
    public void Clip(params string[] locals)
    {
        if (Spec.Clip <= 0)
        {
            return;
        }

        W.Line("// Clip the pre-activations to ±Clip, as ONNX's clip does.");
        foreach (string local in locals)
        {
            W.Line($"{local} = {V.ClampToClip(local)};");
        }
    }

    /// <summary>In the training forward, writes <paramref name="value"/> of units j… to the tape slot <paramref name="slot"/>, if
    /// the record has that slot (<see cref="TapeLayout"/> keeps only what the backward pass reads).</summary>
    public void Record(string value, string slot)
    {
        if (Recording && TapeLayout.Has(Spec, slot))
        {
            W.Line(V.Store(value, "record", $"Tape{slot}Offset + j"));
        }
    }

    /// <summary>
    /// In the training forward, copies units j… of h(t−1) to the tape before the tile's new values are stored: the step
    /// records the state it starts from itself rather than the caller copying it first. Every tile's rest reads only its
    /// own units' old values, so this holds in place too (<see cref="UpdatesStateInPlace"/>). Nothing for a record
    /// without h(t−1) (a Jordan cell's memory is y(t−1), which its caller copies).
    /// </summary>
    public void RecordPreviousHidden()
    {
        if (Recording && TapeLayout.Has(Spec, "HiddenPrevious"))
        {
            W.Line("// The record keeps the state this step starts from.");
            W.Line(V.IsScalar
                ? "Unsafe.Add(ref record, TapeHiddenPreviousOffset + j) = Unsafe.Add(ref h, j);"
                : V.Load("h", "j") + ".StoreUnsafe(ref record, TapeHiddenPreviousOffset + j);");
        }
    }

    /// <summary>Adds <paramref name="value"/> to units j… of the parameter gradient block <paramref name="block"/>.</summary>
    public void AddToGradient(string block, string value, string index = "j")
    {
        string at = $"{block}Offset + {index}";
        W.Line(V.IsScalar
            ? $"Unsafe.Add(ref gradients, {at}) += {value};"
            : V.Store(V.Load("gradients", at) + " + " + Lanes.Parenthesize(value), "gradients", at));
    }

    /// <summary>
    /// Emits an element-wise loop over <paramref name="sizeName"/> units: full vectors, then the narrower vectors that fit
    /// the remainder (<see cref="NarrowerTail"/>, 16 + 4 units for 20), then the last few one unit at a time. Backward
    /// loops accumulate, so unlike the forward tiles their last vector may not overlap the one before. Every unit's
    /// arithmetic is the same at every width, so the gradients do not depend on how the units are grouped.
    /// </summary>
    public void Elementwise(string sizeName, int size, Action<KernelWriter> body)
    {
        int remainder = size % V.Count;
        if (V.IsScalar)
        {
            W.Open($"for (nuint j = 0; j < {sizeName}; j++)");
            body(this);
            W.Close();
            return;
        }

        string full = remainder == 0 ? sizeName : $"{sizeName} - {N(remainder)}";
        var tail = NarrowerTail(size - remainder, size).ToList();
        int done = tail.Count > 0 ? tail[tail.Count - 1].From + tail[tail.Count - 1].Lanes.Count : size - remainder;
        string rest = string.Join("", tail.Select(t => $", then {N(t.Lanes.Count)} in {t.Lanes.Bits}-bit vectors"))
            + (done < size ? $", then the last {N(size - done)} one by one" : "");
        W.Line(remainder == 0
            ? $"// {V.Count} units at a time: {sizeName} ({N(size)}) is a multiple of {V.Count}."
            : $"// {V.Count} units at a time{rest}.");
        W.Open($"for (nuint j = 0; j < {full}; j += {V.Count})");
        body(this);
        W.Close();
        foreach ((Lanes lanes, int from) in tail)
        {
            W.Line();
            W.Open();
            W.Line($"nuint j = {N(from)};");
            body(new KernelWriter(W, Spec, lanes, Recording, Mode));
            W.Close();
        }

        if (done < size)
        {
            W.Line();
            W.Open($"for (nuint j = {(done == size - remainder ? full : N(done))}; j < {sizeName}; j++)");
            body(Scalar);
            W.Close();
        }
    }

    /// <summary>
    /// The backward pass through weight matrices, one row k at a time: with source value s = <paramref name="source"/>[k]
    /// and each target's gradient vector dz, it adds s · dz to row k of the weight gradient and sums row k · dz into
    /// <paramref name="destination"/>[k], reading every weight row once for both.
    /// </summary>
    /// <param name="destination">The ref to write (or, with <paramref name="accumulate"/>, add) the row sums to; null for none.</param>
    public void RowPass(
        string comment, string rowsName, string source, string columnsName, int columns,
        IReadOnlyList<(string Block, string GradientOffset, string Local)> targets, string? destination, bool accumulate,
        string gradientSource = "gateGradients")
    {
        int remainder = V.IsScalar ? 0 : columns % V.Count;
        string full = remainder == 0 ? columnsName : $"{columnsName} - {N(remainder)}";
        Lanes scalar = V.ToScalar();
        W.Line();
        W.Line("// " + comment);
        W.Open($"for (nuint k = 0; k < {rowsName}; k++)");
        W.Line($"{V.Element} sourceValue = Unsafe.Add(ref {source}, k);");
        if (!V.IsScalar)
        {
            W.Line($"{V.Type} sourceVector = {V.Broadcast("sourceValue")};");
        }

        W.Line($"{V.Type} sum = {V.Zero};");
        W.Line($"nuint row = k * {columnsName};");
        EmitRowLoop(V, "0", full, V.IsScalar ? "sourceValue" : "sourceVector", "sum", targets, gradientSource);
        W.Line($"{V.Element} total = {V.Sum("sum")};");
        if (remainder > 0)
        {
            EmitRowLoop(scalar, full, columnsName, "sourceValue", "total", targets, gradientSource);
        }

        if (destination is not null)
        {
            W.Line(accumulate ? $"Unsafe.Add(ref {destination}, k) += total;" : $"Unsafe.Add(ref {destination}, k) = total;");
        }

        W.Close();
    }

    /// <summary>Rows of weights the backward products take at once: each dz vector loaded serves four rows.</summary>
    public const int ProductRows = 4;

    /// <summary>
    /// Rows of a weight-gradient tile (<see cref="OuterProducts"/>), each against <see cref="ProductRows"/> vectors of dz:
    /// four in 512-bit vectors; two in narrower ones and scalars, whose machines may have only sixteen vector registers
    /// (measured at 256 bits only; bit for bit the same sums either way). Four rows
    /// there kept half of their sixteen sums on the stack, stored and reloaded every step; two rows made training at 256
    /// bits (AVX-512 switched off) 1.08–1.27× faster at LSTM(3, 64), (16, 128), (64, 256) and GRU(3, 64), batch 1 and
    /// 32, and four rows of two vectors 0.99–1.18× (Stopwatch A/B in one process, medians of seven and five rounds).
    /// Every gradient is still summed over the steps in order, so it is bit for bit what it was.
    /// </summary>
    private int OuterRows => HasThirtyTwoRegisters(V) ? ProductRows : 2;

    /// <summary>
    /// Whether each (row, stream) sum of <see cref="RowProducts"/> runs in one accumulator rather than two (even and odd
    /// targets): in 512-bit vectors, where the blocks keep eight or sixteen sums in flight, enough to hide the latency of
    /// a multiply-add, and where the registers left for the weights decide how many streams a weight vector serves.
    /// Narrower vectors keep fewer sums in flight and split each in two.
    /// </summary>
    private bool SingleAccumulator => V.Bits == 512;

    /// <summary>Rows the one-stream backward products of <paramref name="rows"/> rows take at once: eight in 512-bit vectors
    /// (one accumulator each, see <see cref="SingleAccumulator"/>) when eight divide them, <see cref="ProductRows"/>
    /// otherwise (a block of eight and its narrower column tails, repeated for the rows it leaves, made the largest
    /// backward step 12.5 KB of IL).</summary>
    public int RowTile(int rows) => SingleAccumulator && rows % (2 * ProductRows) == 0 ? 2 * ProductRows : ProductRows;

    /// <summary>Rows the products of a block of StreamBlock streams take at once: four in 512-bit vectors (sixteen
    /// accumulators, and four weight vectors each serving four streams), one in narrower ones, whose machines may have
    /// only sixteen vector registers.</summary>
    public int StreamRowTile => SingleAccumulator ? ProductRows : 1;

    /// <summary>
    /// The backward products through weight matrices without their gradients (those are summed over all steps
    /// afterwards), for one stream or a block of them: for each (gradients, destination) pair of
    /// <paramref name="streams"/>, destination[k] = (or +=) Σ over targets and j of W[k, j] · dz[j]. Each weight vector
    /// loaded serves every stream; <paramref name="rowTile"/> rows at a time. Each (row, stream) sum is formed the same
    /// way whatever the tiling (one accumulator, or even and odd targets in two, see <see cref="SingleAccumulator"/>; then
    /// the lanes, then the tail), so a stream in a block gets bit for bit what its own backward step gives it.
    /// With <paramref name="alternate"/> (the recurrent weights) of a cell whose recurrent weights outgrow the first-level
    /// cache (<see cref="BackwardKernels.AlternatesRows"/>), and rows a whole number of tiles, the row tiles go first to
    /// last on one call and last to first on the next; every row's sum is formed alike either way.
    /// </summary>
    public void RowProducts(
        string comment, string rowsName, int rows, string columnsName, int columns, IReadOnlyList<(string Block, string GradientOffset)> targets,
        IReadOnlyList<(string Gradients, string Destination)> streams, int rowTile, bool accumulate, bool alternate = false)
    {
        int remainder = V.IsScalar ? 0 : columns % V.Count;
        string full = remainder == 0 ? columnsName : $"{columnsName} - {N(remainder)}";
        bool alternating = alternate && BackwardKernels.AlternatesRows(Spec) && rows % rowTile == 0;
        W.Line();
        W.Line("// " + comment);
        if (alternating)
        {
            DeclareRowsReversed();
        }

        // Blocks in panels (ParameterLayout.RecurrentPanel) are read from their copy in plain rows (UnpackRecurrentRows):
        // read whole from the panels, a row finds all its pieces in one set of the first-level cache.
        bool panels = PanelOf(targets.Select(target => target.Block)) > 0;
        string weights = panels ? "recurrentRows" : "parameters";
        if (panels)
        {
            W.Open();
            W.Line($"ref {V.Element} recurrentRows = ref _recurrentRows!.Reference;");
        }

        // rowTile rows at a time, then the rows left one at a time.
        string Bound(int row) => row == 0 ? "0" : row == rows ? rowsName : $"{rowsName} - {N(rows - row)}";
        int done = 0;
        foreach (int tile in rowTile == 1 ? new[] { 1 } : new[] { rowTile, 1 })
        {
            int count = (rows - done) / tile * tile;
            if (count == 0)
            {
                continue;
            }

            if (done > 0)
            {
                W.Line();
            }

            if (alternating)
            {
                W.Open($"for (nuint first = 0; first < {rowsName}; {(tile == 1 ? "first++" : $"first += {N(tile)}")})");
                W.Line($"nuint k = rowsReversed ? {rowsName} - {N(tile)} - first : first;");
            }
            else
            {
                W.Open($"for (nuint k = {Bound(done)}; k < {Bound(done + count)}; {(tile == 1 ? "k++" : $"k += {N(tile)}")})");
            }

            EmitRowProducts(tile, weights, columnsName, columns, full, remainder, targets, streams, accumulate);
            W.Close();
            done += count;
        }

        if (panels)
        {
            W.Close();
        }
    }

    private void EmitRowProducts(
        int rowCount, string weights, string columnsName, int columns, string full, int remainder, IReadOnlyList<(string Block, string GradientOffset)> targets,
        IReadOnlyList<(string Gradients, string Destination)> streams, bool accumulate)
    {
        string Row(int r) => r == 0 ? "k" : $"k + {N(r)}";
        string At(string offset, string j) => offset == "0" ? j : offset + " + " + j;
        var sums = Enumerable.Range(0, rowCount).SelectMany(r => Enumerable.Range(0, streams.Count).Select(stream => $"{r}{stream}")).ToList();
        for (int r = 0; r < rowCount; r++)
        {
            W.Line($"nuint row{r} = {(r == 0 ? "k" : $"(k + {N(r)})")} * {columnsName};");
        }

        bool single = SingleAccumulator;
        foreach (string sum in sums)
        {
            W.Line(single ? $"{V.Type} sum{sum} = {V.Zero};" : $"{V.Type} even{sum} = {V.Zero}, odd{sum} = {V.Zero};");
        }

        string step = V.IsScalar ? "j++" : $"j += {V.Count}";
        W.Open($"for (nuint j = 0; j < {full}; {step})");
        EmitTargetProducts(rowCount, V, "j", weights, targets, streams, target => single ? "sum" : target % 2 == 0 ? "even" : "odd");

        W.Close();
        LaneSums(sums.Select(sum => single ? $"sum{sum}" : $"even{sum} + odd{sum}").ToList(), sums.Select(sum => $"total{sum}").ToList());
        int done = columns - remainder;
        foreach ((Lanes lanes, int from) in NarrowerTail(done, columns))
        {
            EmitRowProductsTail(rowCount, lanes, N(from), weights, targets, streams);
            done = from + lanes.Count;
        }

        if (columns > done)
        {
            Lanes scalar = V.ToScalar();
            // Where no narrower vector went first, the tail starts at the whole vectors' bound, written by name.
            W.Open($"for (nuint j = {(done == columns - remainder ? full : N(done))}; j < {columnsName}; j++)");
            foreach ((string block, string offset) in targets)
            {
                for (int r = 0; r < rowCount; r++)
                {
                    for (int stream = 0; stream < streams.Count; stream++)
                    {
                        W.Line($"total{r}{stream} = {scalar.MultiplyAdd(scalar.Load(weights, $"{block}Offset + row{r} + j"), scalar.Load(streams[stream].Gradients, At(offset, "j")), $"total{r}{stream}")};");
                    }
                }
            }

            W.Close();
        }

        for (int stream = 0; stream < streams.Count; stream++)
        {
            for (int r = 0; r < rowCount; r++)
            {
                W.Line($"Unsafe.Add(ref {streams[stream].Destination}, {Row(r)}) {(accumulate ? "+=" : "=")} total{r}{stream};");
            }
        }
    }

    /// <summary>Whether this kernel forms its recurrent backward products through Uᵀ (<see cref="BackwardKernels.UsesColumns"/>): the 512-bit kernels only.</summary>
    private bool UsesColumns => V.Bits == 512 && BackwardKernels.UsesColumns(Spec);

    /// <summary>
    /// The backward products through recurrent weights (<paramref name="matrix"/>): through Uᵀ where this kernel reads it
    /// (<see cref="ColumnProducts"/>), else row by row (<see cref="RowProducts"/>, alternating where the weights outgrow
    /// the first-level cache), <paramref name="rowTile"/> rows at a time. With <paramref name="blockReferences"/> (the
    /// multi-stream kernel), for every block of streams: inside each tile of Uᵀ, or one block after another by rows.
    /// </summary>
    public void RecurrentProducts(
        string formula, string matrix, string rowsName, int rows, string columnsName, int columns, IReadOnlyList<(string Block, string GradientOffset)> targets,
        IReadOnlyList<(string Gradients, string Destination)> streams, int rowTile, bool accumulate, Action<bool, bool>? blockReferences = null)
    {
        if (UsesColumns)
        {
            ColumnProducts($"{formula}, through {matrix}ᵀ.", rowsName, rows, columnsName, columns, targets, streams, accumulate, blockReferences);
            return;
        }

        if (blockReferences is null)
        {
            RowProducts($"{formula}, row by row.", rowsName, rows, columnsName, columns, targets, streams, rowTile, accumulate, alternate: true);
            return;
        }

        W.Open("for (nuint block = 0; block < (nuint)blocks; block++)");
        blockReferences(true, true);
        RowProducts($"{formula}, row by row.", rowsName, rows, columnsName, columns, targets, streams, rowTile, accumulate, alternate: true);
        W.Close();
    }

    /// <summary>
    /// Registers a tile of <see cref="ColumnProducts"/> gives its sums: half of the 32 vector registers of AVX-512 for
    /// one accumulator a sum; three quarters for sums split in quarters, which hold three vectors each.
    /// </summary>
    private static int ColumnRegisters(bool quarters) => quarters ? 24 : 16;

    /// <summary>Vectors of units a tile of <see cref="ColumnProducts"/> takes for <paramref name="streams"/> streams at once, out of <paramref name="vectors"/>.</summary>
    private static int ColumnTileVectors(int vectors, bool quarters, int streams) =>
        Math.Min(vectors, ColumnRegisters(quarters) / (quarters ? 3 : 1) / streams);

    /// <summary>
    /// The backward products through recurrent weights from their transposed copy in <c>_recurrentColumns</c>
    /// (Uᵀ[j, k] at the block's offset + j · rows + k, see <see cref="BackwardKernels.UsesColumns"/>), for one stream or a
    /// block of them: for each (gradients, destination) pair of <paramref name="streams"/>, destination[k] = (or +=) Σ over
    /// targets and j of Uᵀ[j, k] · dz[j]. Each dz value is broadcast against a tile of a row of Uᵀ, so each sum lies in
    /// one lane and needs no sum across lanes. Each sum runs over the targets in order and j ascending in one
    /// accumulator; or, where the memory is fewer than eight vectors (<see cref="BackwardKernels.SumsInQuarters"/>), in
    /// four, one for each quarter of j, two in flight at once: the lower and upper quarter of one half of j, added
    /// together, and the halves added at the end. Those halves go first to last on one call and last to first on the
    /// next where the weights outgrow the first-level cache (<see cref="BackwardKernels.AlternatesRows"/>), so that each
    /// call starts on the half of Uᵀ the call before ended on; the sum of the halves is the same bits in either order.
    /// One stream takes more vectors of k at once than a block of streams, but each sum is the same chain of
    /// multiply-adds, so a stream in a block gets bit for bit what its own backward step gives it. With
    /// <paramref name="blockReferences"/> (the multi-stream kernel, which writes the references of the block at hand to
    /// its gate gradients, its destinations or both), each tile goes through every block of streams (<see cref="ColumnTile"/>).
    /// </summary>
    public void ColumnProducts(
        string comment, string rowsName, int rows, string columnsName, int columns, IReadOnlyList<(string Block, string GradientOffset)> targets,
        IReadOnlyList<(string Gradients, string Destination)> streams, bool accumulate, Action<bool, bool>? blockReferences = null)
    {
        bool quarters = BackwardKernels.SumsInQuarters(Spec);
        int vectors = rows / V.Count;
        int tile = ColumnTileVectors(vectors, quarters, streams.Count);
        int whole = vectors / tile * tile;
        bool alternating = quarters && BackwardKernels.AlternatesRows(Spec);
        W.Line();
        W.Line("// " + comment);
        if (alternating)
        {
            DeclareRowsReversed();
        }

        W.Open();
        W.Line($"ref {V.Element} transposed = ref _recurrentColumns!.Reference;");
        if (blockReferences is not null && !quarters)
        {
            W.Line($"ref {V.Element} sums = ref _recurrentSums!.Reference;");
        }

        W.Open($"for (nuint k = 0; k < {(whole == vectors ? rowsName : N(whole * V.Count))}; k += {N(tile * V.Count)})");
        ColumnTile(tile, rowsName, columnsName, columns, quarters, alternating, targets, streams, accumulate, blockReferences);
        W.Close();
        if (whole < vectors)
        {
            W.Line();
            W.Open();
            W.Line($"nuint k = {N(whole * V.Count)};");
            ColumnTile(vectors - whole, rowsName, columnsName, columns, quarters, alternating, targets, streams, accumulate, blockReferences);
            W.Close();
        }

        W.Close();
    }

    /// <summary>
    /// A tile of <paramref name="count"/> vectors: for one stream, or for each block of streams in turn. Where each sum
    /// runs over all of j in one accumulator, the blocks go through the tile's weights a chunk of
    /// <see cref="ColumnChunk"/> rows of Uᵀ at a time, each chunk in the first-level cache while every block reads it,
    /// their sums parked in <c>_recurrentSums</c> between chunks: the same chain of multiply-adds, stored and loaded whole.
    /// </summary>
    private void ColumnTile(
        int count, string rowsName, string columnsName, int columns, bool quarters, bool alternating, IReadOnlyList<(string Block, string GradientOffset)> targets,
        IReadOnlyList<(string Gradients, string Destination)> streams, bool accumulate, Action<bool, bool>? blockReferences)
    {
        if (blockReferences is null)
        {
            EmitColumnTile(count, rowsName, columnsName, columns, quarters, alternating, targets, streams, accumulate);
            return;
        }

        if (quarters)
        {
            W.Open("for (nuint block = 0; block < (nuint)blocks; block++)");
            blockReferences(true, true);
            EmitColumnTile(count, rowsName, columnsName, columns, quarters, alternating, targets, streams, accumulate);
            W.Close();
            return;
        }

        string Parked(int stream, int i) => N((stream * count + i) * V.Count);
        string perBlock = N(streams.Count * count * V.Count);
        int chunk = ColumnChunk(columns);
        W.Line($"// Each stream's sums of this tile start at zero, parked in _recurrentSums: {N(streams.Count * count)} vectors a block.");
        W.Open($"for (nuint value = 0; value < (nuint)blocks * {perBlock}; value += {N(V.Count)})");
        W.Line(V.Store(V.Zero, "sums", "value"));
        W.Close();
        W.Line();
        foreach ((string block, string offset) in targets)
        {
            W.Open($"for (nuint from = 0; from < {columnsName}; from += {N(chunk)})");
            W.Open("for (nuint block = 0; block < (nuint)blocks; block++)");
            blockReferences(true, false);
            W.Line($"ref {V.Element} parked = ref Unsafe.Add(ref sums, block * {perBlock});");
            for (int stream = 0; stream < streams.Count; stream++)
            {
                W.Line($"{V.Type} {string.Join(", ", Enumerable.Range(0, count).Select(i => $"sum{stream}{i} = {V.Load("parked", Parked(stream, i))}"))};");
            }

            W.Open($"for (nuint j = from; j < from + {N(chunk)}; j++)");
            W.Line($"nuint row = {block}Offset + j * {rowsName} + k;");
            ColumnStep(count, "weights", "gradient", "sum", "row", "j", offset, streams);
            W.Close();
            for (int stream = 0; stream < streams.Count; stream++)
            {
                for (int i = 0; i < count; i++)
                {
                    W.Line(V.Store($"sum{stream}{i}", "parked", Parked(stream, i)));
                }
            }

            W.Close();
            W.Close();
            W.Line();
        }

        W.Open("for (nuint block = 0; block < (nuint)blocks; block++)");
        blockReferences(false, true);
        W.Line($"ref {V.Element} parked = ref Unsafe.Add(ref sums, block * {perBlock});");
        for (int stream = 0; stream < streams.Count; stream++)
        {
            for (int i = 0; i < count; i++)
            {
                StoreColumnSum(V.Load("parked", Parked(stream, i)), streams[stream].Destination, i, accumulate);
            }
        }

        W.Close();
    }

    /// <summary>
    /// Rows of Uᵀ a chunk of <see cref="ColumnTile"/> takes for a block of streams: 64 where they divide the hidden size
    /// (16 KB of a tile of four 512-bit vectors), else the largest power of two that does.
    /// </summary>
    private static int ColumnChunk(int columns)
    {
        int chunk = 64;
        while (columns % chunk != 0)
        {
            chunk /= 2;
        }

        return chunk;
    }

    /// <summary>
    /// The values of <c>_recurrentSums</c> a block of streams parks its sums in (<see cref="ColumnTile"/>): a tile of
    /// vectors for each of its streams; 0 where the cell parks none.
    /// </summary>
    public static int ParkedColumnSums(CellSpec s)
    {
        if (!BackwardKernels.UsesColumns(s) || BackwardKernels.SumsInQuarters(s) || !HasStreamKernels(s))
        {
            return 0;
        }

        int lanes = 64 / s.ElementBytes;
        return StreamBlock * ColumnTileVectors(BackwardKernels.Memory(s).Size / lanes, quarters: false, StreamBlock) * lanes;
    }

    /// <summary>Declares <c>rowsReversed</c>, the order of this call's recurrent backward products, once per kernel.</summary>
    private void DeclareRowsReversed()
    {
        if (_rowsReversedDeclared)
        {
            return;
        }

        W.Line("// The rows go first to last on one call and last to first on the next, so that each call starts on the");
        W.Line("// weights the call before ended on, which are still in the first-level cache.");
        W.Line("bool rowsReversed = _rowsReversed = !_rowsReversed;");
        _rowsReversedDeclared = true;
    }

    /// <summary>One tile of <see cref="ColumnProducts"/>: <paramref name="count"/> vectors of units from k, for every stream.</summary>
    private void EmitColumnTile(
        int count, string rowsName, string columnsName, int columns, bool quarters, bool alternating, IReadOnlyList<(string Block, string GradientOffset)> targets,
        IReadOnlyList<(string Gradients, string Destination)> streams, bool accumulate)
    {
        for (int stream = 0; stream < streams.Count; stream++)
        {
            W.Line($"{V.Type} {string.Join(", ", Enumerable.Range(0, count).Select(i => $"sum{stream}{i} = {V.Zero}"))};");
        }

        if (!quarters)
        {
            foreach ((string block, string offset) in targets)
            {
                W.Open($"for (nuint j = 0; j < {columnsName}; j++)");
                W.Line($"nuint row = {block}Offset + j * {rowsName} + k;");
                ColumnStep(count, "weights", "gradient", "sum", "row", "j", offset, streams);
                W.Close();
            }
        }
        else
        {
            string quarter = N(columns / 4);
            W.Open("for (nuint half = 0; half < 2; half++)");
            W.Line(alternating
                ? $"nuint from = (half == 0) != rowsReversed ? 0u : {N(columns / 2)}u;"
                : $"nuint from = half * {N(columns / 2)};");
            for (int stream = 0; stream < streams.Count; stream++)
            {
                W.Line($"{V.Type} {string.Join(", ", Enumerable.Range(0, count).SelectMany(i => new[] { $"lower{stream}{i} = {V.Zero}", $"upper{stream}{i} = {V.Zero}" }))};");
            }

            foreach ((string block, string offset) in targets)
            {
                W.Open($"for (nuint j = from; j < from + {quarter}; j++)");
                W.Line($"nuint row = {block}Offset + j * {rowsName} + k;");
                ColumnStep(count, "lowerWeights", "lowerGradient", "lower", "row", "j", offset, streams);
                ColumnStep(count, "upperWeights", "upperGradient", "upper", $"row + {quarter} * {rowsName}", $"j + {quarter}", offset, streams);
                W.Close();
            }

            W.Line("// The sum of the halves gives the same bits in either order.");
            for (int stream = 0; stream < streams.Count; stream++)
            {
                for (int i = 0; i < count; i++)
                {
                    W.Line($"sum{stream}{i} += lower{stream}{i} + upper{stream}{i};");
                }
            }

            W.Close();
        }

        for (int stream = 0; stream < streams.Count; stream++)
        {
            for (int i = 0; i < count; i++)
            {
                StoreColumnSum($"sum{stream}{i}", streams[stream].Destination, i, accumulate);
            }
        }

    }

    /// <summary>Stores <paramref name="sum"/>, the sum of vector <paramref name="vector"/> of the tile at k, to <paramref name="destination"/>: added to what it holds, or in its place.</summary>
    private void StoreColumnSum(string sum, string destination, int vector, bool accumulate)
    {
        string unit = vector == 0 ? "k" : $"k + {N(vector * V.Count)}";
        W.Line(V.Store(accumulate ? $"{V.Load(destination, unit)} + {sum}" : sum, destination, unit));
    }

    /// <summary>The weights of one row of Uᵀ at k…, <paramref name="count"/> vectors, each multiplied by every stream's dz value at j and added to its sums.</summary>
    private void ColumnStep(
        int count, string weights, string gradient, string sum, string row, string j, string offset, IReadOnlyList<(string Gradients, string Destination)> streams)
    {
        for (int i = 0; i < count; i++)
        {
            W.Line($"{V.Type} {weights}{i} = {V.Load("transposed", i == 0 ? row : $"{row} + {N(i * V.Count)}")};");
        }

        for (int stream = 0; stream < streams.Count; stream++)
        {
            W.Line($"{V.Type} {gradient}{stream} = {V.Broadcast($"Unsafe.Add(ref {streams[stream].Gradients}, {(offset == "0" ? j : offset + " + " + j)})")};");
            for (int i = 0; i < count; i++)
            {
                W.Line($"{sum}{stream}{i} = {V.MultiplyAdd($"{weights}{i}", $"{gradient}{stream}", $"{sum}{stream}{i}")};");
            }
        }
    }

    /// <summary>
    /// For each target, the weights of rows row0… at units <paramref name="j"/>… times each stream's gradient there,
    /// added to accumulator <c>{prefix}{row}{stream}</c>, the prefix chosen by the target's index (one accumulator, or even
    /// and odd targets in two, over the whole vectors; one accumulator for a tail). Each weight vector loaded serves every
    /// stream.
    /// </summary>
    private void EmitTargetProducts(
        int rowCount, Lanes lanes, string j, string weights, IReadOnlyList<(string Block, string GradientOffset)> targets,
        IReadOnlyList<(string Gradients, string Destination)> streams, Func<int, string> accumulator)
    {
        for (int i = 0; i < targets.Count; i++)
        {
            (string block, string offset) = targets[i];
            string declare = i == 0 ? lanes.Type + " " : "";
            string sum = accumulator(i);
            for (int r = 0; r < rowCount; r++)
            {
                W.Line($"{declare}weights{r} = {lanes.Load(weights, $"{block}Offset + row{r} + {j}")};");
            }

            for (int stream = 0; stream < streams.Count; stream++)
            {
                W.Line($"{declare}gradient{stream} = {lanes.Load(streams[stream].Gradients, offset == "0" ? j : offset + " + " + j)};");
                for (int r = 0; r < rowCount; r++)
                {
                    W.Line($"{sum}{r}{stream} = {lanes.MultiplyAdd($"weights{r}", $"gradient{stream}", $"{sum}{r}{stream}")};");
                }
            }
        }
    }

    /// <summary>
    /// The vectors narrower than the kernel's that cover units <paramref name="from"/>… of <paramref name="columns"/>
    /// without overrunning them, widest first: less than one vector of each width before is left, so each width fits at
    /// most once. The few units after them (fewer than a 128-bit vector holds) are left to scalars.
    /// </summary>
    private IEnumerable<(Lanes Lanes, int From)> NarrowerTail(int from, int columns)
    {
        for (Lanes? narrower = V.Halved(); narrower is not null; narrower = narrower.Halved())
        {
            if (columns - from >= narrower.Count)
            {
                yield return (narrower, from);
                from += narrower.Count;
            }
        }
    }

    /// <summary>
    /// The units from <paramref name="from"/> that a whole vector of the kernel's width would overrun, in one vector of
    /// <paramref name="lanes"/> per (row, stream): its products over every target, then its lanes added to the total.
    /// A stream's single step and its block of streams both end this way, so they still agree bit for bit.
    /// </summary>
    private void EmitRowProductsTail(
        int rowCount, Lanes lanes, string from, string weights, IReadOnlyList<(string Block, string GradientOffset)> targets,
        IReadOnlyList<(string Gradients, string Destination)> streams)
    {
        W.Open();
        W.Line($"// Units {from}… in {lanes.Bits}-bit vectors.");
        for (int r = 0; r < rowCount; r++)
        {
            W.Line($"{lanes.Type} {string.Join(", ", Enumerable.Range(0, streams.Count).Select(stream => $"tail{r}{stream} = {lanes.Zero}"))};");
        }

        EmitTargetProducts(rowCount, lanes, from, weights, targets, streams, _ => "tail");
        for (int r = 0; r < rowCount; r++)
        {
            for (int stream = 0; stream < streams.Count; stream++)
            {
                W.Line($"total{r}{stream} += {lanes.Sum($"tail{r}{stream}")};");
            }
        }

        W.Close();
    }

    /// <summary>
    /// Declares <paramref name="totals"/>[i] = the sum of the lanes of <paramref name="vectors"/>[i]. In 512-bit vectors
    /// and for a power of two of them, with the pairwise tree of <see cref="Lanes.Sum"/> run for all of them at once
    /// (CellMath.PairSums): the same additions in the same order, so the same sums bit for bit, with a few shuffles
    /// per vector instead of a dozen.
    /// </summary>
    private void LaneSums(IReadOnlyList<string> vectors, IReadOnlyList<string> totals)
    {
        int count = vectors.Count;
        if (V.Bits != 512 || count < 2 || (count & (count - 1)) != 0 || count > V.Count)
        {
            for (int i = 0; i < count; i++)
            {
                W.Line($"{V.Element} {totals[i]} = {V.Sum(vectors[i])};");
            }

            return;
        }

        W.Line($"// The lane sums of {N(count)} vectors together, each in the order {V.Vector}.Sum adds it.");
        var level = new List<string>();
        for (int i = 0; i < count; i++)
        {
            level.Add(Lanes.Parenthesize(vectors[i]));
        }

        for (int stage = 0; level.Count > 1; stage++)
        {
            var next = new List<string>();
            for (int i = 0; i < level.Count; i += 2)
            {
                string name = $"pairs{N(stage)}{N(i / 2)}";
                W.Line($"{V.Type} {name} = CellMath.PairSums({level[i]}, {level[i + 1]});");
                next.Add(name);
            }

            level = next;
        }

        // Fewer vectors than lanes: the last vector holds several partial sums of each, paired with itself until each is whole.
        string sums = level[0];
        for (int partial = V.Count / count; partial > 1; partial /= 2)
        {
            W.Line($"{sums} = CellMath.PairSums({sums}, {sums});");
        }

        for (int i = 0; i < count; i++)
        {
            W.Line($"{V.Element} {totals[i]} = {sums}.GetElement({N(i)});");
        }
    }

    /// <summary>
    /// The weight gradients of a whole sequence at once: dW[k, j] += Σ_t source_t[k] · dz_t[j] for one rows × HiddenSize
    /// block, in tiles of <see cref="OuterRows"/> rows by four vectors whose accumulators stay in registers over every
    /// step.
    /// Emitted once per width as a static method the backward pass calls for each weight block.
    /// </summary>
    /// <param name="panel">The width of the panels the gradients' block is stored in (<see cref="ParameterLayout.RecurrentPanel"/>), or 0 for a row-major block.</param>
    public void OuterProducts(int panel = 0)
    {
        W.Line("nuint k = 0;");
        W.Open($"for (; k + {N(OuterRows)} <= rows; k += {N(OuterRows)})");
        EmitOuterTiles(OuterRows, weighted: true, panel);
        W.Close();
        W.Line();
        W.Open("for (; k < rows; k++)");
        EmitOuterTiles(1, weighted: true, panel);
        W.Close();
    }

    /// <summary>
    /// The bias gradients of a whole sequence at once: gradients[j] += Σ_t stepGradients[t · GateGradientsPerStep + j]
    /// for j &lt; HiddenSize, the outer products' tiles with no source to weigh the steps by.
    /// </summary>
    public void ColumnSums() => EmitOuterTiles(1, weighted: false, panel: 0);

    /// <summary>
    /// Tiles of four vectors across HiddenSize, then single vectors, then what is left in vectors half as wide, a quarter
    /// as wide, and single values for the last few. Every sum is over the steps in order whatever its width, so each
    /// gradient is bit for bit the same at every width (BackwardWidthTests); the narrower vectors only keep a tail like
    /// HiddenSize 20's last 4 units out of scalar code, which cost LSTM(1, 20)'s batched training more than its products.
    /// </summary>
    private void EmitOuterTiles(int rowCount, bool weighted, int panel)
    {
        int columns = Spec.Hidden;
        if (panel > 0 && (columns % panel != 0 || !V.IsScalar && panel % V.Count != 0))
        {
            throw new InvalidOperationException($"Generator bug: {columns} columns in panels of {panel} do not divide into {V.Bits}-bit vectors.");
        }

        int tiled = columns - columns % (ProductRows * V.Count);
        int vectors = V.IsScalar ? columns : columns - columns % V.Count;
        if (tiled > 0)
        {
            EmitOuterTile(rowCount, ProductRows, V, "0", tiled == columns ? "HiddenSize" : N(tiled), weighted, panel);
        }

        if (vectors > tiled)
        {
            EmitOuterTile(rowCount, 1, V, N(tiled), vectors == columns ? "HiddenSize" : N(vectors), weighted, panel);
        }

        int done = vectors;
        foreach ((Lanes lanes, int from) in NarrowerTail(done, columns))
        {
            done = from + lanes.Count;
            EmitOuterTile(rowCount, 1, lanes, N(from), done == columns ? "HiddenSize" : N(done), weighted, panel);
        }

        if (columns > done)
        {
            EmitOuterTile(rowCount, 1, V.ToScalar(), N(done), "HiddenSize", weighted, panel);
        }
    }

    /// <summary>
    /// One tile of <paramref name="rowCount"/> rows by <paramref name="vectorCount"/> vectors summed over every step in
    /// registers: Σ_t source_t[k] · dz_t[j] when <paramref name="weighted"/>, else Σ_t dz_t[j].
    /// </summary>
    private void EmitOuterTile(int rowCount, int vectorCount, Lanes lanes, string from, string to, bool weighted, int panel)
    {
        string step = N(vectorCount * lanes.Count);
        W.Open($"for (nuint j = {from}; j < {to}; j += {step})");
        for (int r = 0; r < rowCount; r++)
        {
            W.Line($"{lanes.Type} {string.Join(", ", Enumerable.Range(0, vectorCount).Select(q => $"sum{r}{q} = {lanes.Zero}"))};");
        }

        if (weighted)
        {
            W.Line("ref " + lanes.Element + " source = ref Unsafe.Add(ref sources, k);");
        }

        W.Line("ref " + lanes.Element + " dz = ref Unsafe.Add(ref stepGradients, j);");
        W.Open("for (nuint t = 0; t < steps; t++)");
        for (int r = 0; r < rowCount && weighted; r++)
        {
            W.Line($"{lanes.Type} s{r} = {lanes.Broadcast(r == 0 ? "source" : $"Unsafe.Add(ref source, {N(r)})")};");
        }

        for (int q = 0; q < vectorCount; q++)
        {
            string load = q > 0 ? lanes.Load("dz", N(q * lanes.Count)) : lanes.IsScalar ? "dz" : $"{lanes.Vector}.LoadUnsafe(ref dz)";
            W.Line($"{lanes.Type} d{q} = {load};");
        }

        for (int r = 0; r < rowCount; r++)
        {
            for (int q = 0; q < vectorCount; q++)
            {
                W.Line(weighted ? $"sum{r}{q} = {lanes.MultiplyAdd($"s{r}", $"d{q}", $"sum{r}{q}")};" : $"sum{r}{q} += d{q};");
            }
        }

        if (weighted)
        {
            W.Line("source = ref Unsafe.Add(ref source, sourceStride);");
        }

        W.Line("dz = ref Unsafe.Add(ref dz, GateGradientsPerStep);");
        W.Close();
        if (panel > 0)
        {
            // In panels: unit u of row k is at (u / P) · P · rows + k · P + u % P.
            for (int q = 0; q < vectorCount; q++)
            {
                string unit = Offset("j", q * lanes.Count);
                string u = q == 0 ? unit : $"({unit})";
                W.Line($"nuint column{q} = {u} / {N(panel)} * {N(panel)} * rows + {u} % {N(panel)};");
            }
        }

        for (int r = 0; r < rowCount; r++)
        {
            string row = !weighted ? "j"
                : panel > 0 ? (r == 0 ? $"k * {N(panel)}" : $"(k + {N(r)}) * {N(panel)}")
                : r == 0 ? "k * HiddenSize + j" : $"(k + {N(r)}) * HiddenSize + j";
            for (int q = 0; q < vectorCount; q++)
            {
                string at = panel > 0 ? $"{row} + column{q}" : q == 0 ? row : $"{row} + {N(q * lanes.Count)}";
                W.Line(lanes.Store($"{lanes.Load("gradients", at)} + sum{r}{q}", "gradients", at));
            }
        }

        W.Close();
    }

    private void EmitRowLoop(
        Lanes lanes, string from, string to, string source, string sum, IReadOnlyList<(string Block, string GradientOffset, string Local)> targets, string gradientSource)
    {
        string step = lanes.IsScalar ? "j++" : $"j += {lanes.Count}";
        W.Open($"for (nuint j = {from}; j < {to}; {step})");
        foreach ((string block, string gradientOffset, string local) in targets)
        {
            string at = $"{block}Offset + row + j";
            W.Line($"{lanes.Type} {local} = {lanes.Load(gradientSource, gradientOffset == "0" ? "j" : gradientOffset + " + j")};");
            W.Line($"{sum} = {lanes.MultiplyAdd(lanes.Load("parameters", at), local, sum)};");
            W.Line(lanes.Store(lanes.MultiplyAdd(source, local, lanes.Load("gradients", at)), "gradients", at));
        }

        W.Close();
    }

    /// <summary>The expression for the gradient through <paramref name="activation"/>, from its output and the output's gradient.</summary>
    public static string Gradient(ActivationKind activation, string output, string gradient) => activation switch
    {
        ActivationKind.Linear => gradient,
        ActivationKind.Softmax => throw new InvalidOperationException("Softmax's gradient couples the outputs; it is emitted as a loop."),
        _ => $"CellMath.{activation}Gradient({output}, {Lanes.Parenthesize(gradient)})",
    };

    /// <summary>Masks a gradient to zero where the pre-activation was clipped, when the cell clips.</summary>
    public string ClipGradient(string gradient, string preActivationSlot) =>
        Spec.Clip > 0 ? $"CellMath.ClipGradient({V.Load("record", $"Tape{preActivationSlot}Offset + j")}, Clip, {gradient})" : gradient;

    /// <summary>Applies an element-wise activation in place; the identity, and a local <see cref="ActivateAhead"/> has
    /// activated already, emit nothing.</summary>
    public void Activate(string local, ActivationKind activation)
    {
        if (activation != ActivationKind.Linear && !_activatedAhead.Contains(local))
        {
            W.Line($"{local} = {Apply(activation, local)};");
        }
    }

    /// <summary>The expression that applies <paramref name="activation"/> to <paramref name="value"/>.</summary>
    public static string Apply(ActivationKind activation, string value) => activation switch
    {
        ActivationKind.Linear => value,
        ActivationKind.Softmax => throw new InvalidOperationException("Softmax is applied over a whole vector, not element-wise."),
        _ => $"CellMath.{activation}({value})",
    };

    /// <summary>How a formula comment writes the activation applied to <paramref name="argument"/>.</summary>
    public static string Formula(ActivationKind activation, string argument) => activation switch
    {
        ActivationKind.Linear => argument,
        ActivationKind.Sigmoid => $"σ({argument})",
        ActivationKind.Tanh => $"tanh({argument})",
        ActivationKind.Relu => $"relu({argument})",
        ActivationKind.HardSigmoid => $"hardsigmoid({argument})",
        ActivationKind.Softsign => $"softsign({argument})",
        _ => $"softmax({argument})",
    };

    public static string N(int value) => value.ToString(CultureInfo.InvariantCulture);
}

/// <summary>What a kernel computes.</summary>
internal enum KernelMode
{
    /// <summary>One step of one state.</summary>
    Step,

    /// <summary>One step of <c>count</c> streams (a multiple of <see cref="KernelWriter.StreamBlock"/>), sharing the weight loads.</summary>
    Streams,

    /// <summary>The biases and W x(t) of every pre-activation for <c>count</c> time steps, into their rows of the projection.</summary>
    Projection,

    /// <summary>One step that starts from its row of the projection and adds only the recurrent products.</summary>
    Projected,
}

/// <summary>One matrix-vector product of a kernel: for k &lt; <see cref="CountName"/>, each target local += row k of its block × source[k].</summary>
internal sealed record Product(
    string Comment, string CountName, string Source, string ValueName, string StrideName, IReadOnlyList<(string Local, string Block)> Targets)
{
    /// <summary>Whether this is W x(t), the product the input projection computes ahead for several steps.</summary>
    public bool ReadsInput => Source == "x";
}
