#!/usr/bin/python3
"""Reference vectors for CellGen's forward-pass tests, computed with PyTorch in float64.

Run with Debian's interpreter (apt-get install python3-torch):  /usr/bin/python3 tools/reference/make_vectors.py
Writes tests/CellGen.Tests/ReferenceData/<case>.json. Deterministic: a second run writes identical bytes.

Plain cells (RNN tanh/relu, LSTM, GRU) run through torch.nn.RNN/LSTM/GRU. The options PyTorch does not have
(peepholes, reset-before GRU, clipping, other activations, the dense output layer, Jordan networks) run through
hand-written cells below, which are first checked against torch.nn on the plain cases to 1e-13.
"""
import json
import math
import os

import torch

torch.set_default_dtype(torch.float64)
HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..", "..", "tests", "CellGen.Tests", "ReferenceData")

DEFAULTS = dict(bias=True, clip=0.0, peephole=False, reset_after=True, activation="tanh",
                gate_activation="sigmoid", candidate_activation="tanh", cell_activation="tanh",
                output_activation="linear")

ACT = {
    "tanh": torch.tanh,
    "linear": lambda v: v,
    "relu": torch.relu,
    "sigmoid": torch.sigmoid,
    "hardsigmoid": lambda v: torch.clamp(0.2 * v + 0.5, 0.0, 1.0),  # ONNX alpha 0.2, beta 0.5
    "softsign": lambda v: v / (1 + v.abs()),
    "softmax": lambda v: torch.softmax(v, dim=-1),
}
GATES = {"rnn": 1, "jordan": 1, "lstm": 4, "gru": 3}


def clip(v, c):
    return torch.clamp(v, -c, c) if c > 0 else v


def cell_step(kind, o, p, x, state, H, O):
    """One step of the hand-written cell; state layout as in the JSON. Returns (output, new_state)."""
    def b(name):
        return p[name] if o["bias"] else torch.zeros(p["weight_ih"].shape[0])

    c_ = o["clip"]
    if kind == "rnn":
        h = ACT[o["activation"]](clip(p["weight_ih"] @ x + b("bias_ih") + p["weight_hh"] @ state + b("bias_hh"), c_))
        return dense(o, p, h), h
    if kind == "jordan":
        h = ACT[o["activation"]](clip(p["weight_ih"] @ x + b("bias_ih") + p["weight_hh"] @ state + b("bias_hh"), c_))
        y = dense(o, p, h)
        return y, y
    if kind == "lstm":
        h, c = state[:H], state[H:]
        gi = p["weight_ih"] @ x + b("bias_ih")
        gh = p["weight_hh"] @ h + b("bias_hh")
        z = gi + gh
        zi, zf, zg, zo = z[:H], z[H:2 * H], z[2 * H:3 * H], z[3 * H:]
        f_, g_, h_ = ACT[o["gate_activation"]], ACT[o["candidate_activation"]], ACT[o["cell_activation"]]
        if o["peephole"]:
            P = p["weight_peephole"]
            zi = zi + P[0] * c
            zf = zf + P[1] * c
        i = f_(clip(zi, c_))
        fg = f_(clip(zf, c_))
        g = g_(clip(zg, c_))
        c_new = fg * c + i * g
        if o["peephole"]:
            zo = zo + p["weight_peephole"][2] * c_new
        og = f_(clip(zo, c_))
        h_new = og * h_(c_new)
        return dense(o, p, h_new), torch.cat([h_new, c_new])
    if kind == "gru":
        h = state
        f_, g_ = ACT[o["gate_activation"]], ACT[o["candidate_activation"]]
        gi = p["weight_ih"] @ x + b("bias_ih")
        bh = b("bias_hh")
        Wr, Wz, Wn = p["weight_hh"][:H], p["weight_hh"][H:2 * H], p["weight_hh"][2 * H:]
        r = f_(clip(gi[:H] + Wr @ h + bh[:H], c_))
        z = f_(clip(gi[H:2 * H] + Wz @ h + bh[H:2 * H], c_))
        if o["reset_after"]:
            n = g_(clip(gi[2 * H:] + r * (Wn @ h + bh[2 * H:]), c_))
        else:
            n = g_(clip(gi[2 * H:] + Wn @ (r * h) + bh[2 * H:], c_))
        h_new = (1 - z) * n + z * h
        return dense(o, p, h_new), h_new
    raise ValueError(kind)


def dense(o, p, h):
    if "weight_out" not in p:
        return h
    y = p["weight_out"] @ h + (p["bias_out"] if o["bias"] else 0)
    return ACT[o["output_activation"]](y)


def run_hand(kind, o, p, inputs, state0, H, O):
    outputs, state = [], state0
    for x in inputs:
        y, state = cell_step(kind, o, p, x, state, H, O)
        outputs.append(y)
    return torch.stack(outputs), state


def torch_module(kind, I, H, nonlinearity="tanh"):
    if kind == "rnn":
        return torch.nn.RNN(I, H, nonlinearity=nonlinearity, batch_first=True)
    if kind == "lstm":
        return torch.nn.LSTM(I, H, batch_first=True)
    return torch.nn.GRU(I, H, batch_first=True)


def run_torch(kind, module, inputs, state0, H):
    with torch.no_grad():
        x = inputs.unsqueeze(0)
        if kind == "lstm":
            out, (h, c) = module(x, (state0[:H].view(1, 1, H), state0[H:].view(1, 1, H)))
            return out[0], torch.cat([h.view(H), c.view(H)])
        out, h = module(x, state0.view(1, 1, H))
        return out[0], h.view(H)


def module_params(module):
    return {k.replace("_l0", ""): v.detach().clone() for k, v in module.state_dict().items()}


def autograd_gradients(kind, o, params, inputs, state0, H, O, w, v, plain):
    """dL/dparams, dL/dinputs and dL/dstate0 by autograd, through torch.nn for plain cases, else the hand-written cell."""
    x = inputs.clone().requires_grad_(True)
    s0 = state0.clone().requires_grad_(True)
    if plain:
        module = torch_module(kind, x.shape[1], H, o["activation"])
        with torch.no_grad():
            for name, value in module.named_parameters():
                value.copy_(params[name.replace("_l0", "")])
        if kind == "lstm":
            out, (h, c) = module(x.unsqueeze(0), (s0[:H].view(1, 1, H), s0[H:].view(1, 1, H)))
            final = torch.cat([h.view(H), c.view(H)])
        else:
            out, h = module(x.unsqueeze(0), s0.view(1, 1, H))
            final = h.view(H)
        outputs = out[0]
        loss = (outputs * w).sum() + (final * v).sum()
        loss.backward()
        gp = {name.replace("_l0", ""): value.grad.detach().clone() for name, value in module.named_parameters()}
    else:
        p = {k: t.clone().requires_grad_(True) for k, t in params.items()}
        outputs, final = run_hand(kind, o, p, x, s0, H, O)
        loss = (outputs * w).sum() + (final * v).sum()
        loss.backward()
        gp = {k: t.grad.detach().clone() for k, t in p.items()}
    return {"params": gp, "inputs": x.grad.detach().clone(), "initial_state": s0.grad.detach().clone()}


def state_size(kind, H, O):
    return 2 * H if kind == "lstm" else (O if kind == "jordan" else H)


def make_case(name, kind, I, H, O=0, steps=6, plain=False, **options):
    o = dict(DEFAULTS)
    o.update(options)
    torch.manual_seed(sum(ord(ch) * (k + 1) for k, ch in enumerate(name)))
    inputs = torch.randn(steps, I)
    state0 = torch.randn(state_size(kind, H, O)) * 0.5
    if plain:
        module = torch_module(kind, I, H, o["activation"])
        params = module_params(module)
        outputs, final = run_torch(kind, module, inputs, state0, H)
        source = f"torch.nn.{ {'rnn': 'RNN', 'lstm': 'LSTM', 'gru': 'GRU'}[kind] }"
        # The hand-written cell must agree with torch.nn, so that the hand-written cases can be trusted.
        hand_out, hand_final = run_hand(kind, o, params, inputs, state0, H, O)
        assert torch.allclose(hand_out, outputs, rtol=0, atol=1e-13), name
        assert torch.allclose(hand_final, final, rtol=0, atol=1e-13), name
    else:
        s = 1.5 / math.sqrt(H)
        G = GATES[kind]
        R = O if kind == "jordan" else H
        uniform = lambda *shape: (torch.rand(*shape) * 2 - 1) * s
        params = {"weight_ih": uniform(G * H, I), "weight_hh": uniform(G * H, R)}
        if o["bias"]:
            params["bias_ih"] = uniform(G * H)
            params["bias_hh"] = uniform(G * H)
        if o["peephole"]:
            params["weight_peephole"] = uniform(3, H)
        if O > 0:
            params["weight_out"] = uniform(O, H)
            if o["bias"]:
                params["bias_out"] = uniform(O)
        outputs, final = run_hand(kind, o, params, inputs, state0, H, O)
        source = "hand-written float64 cell (tools/reference/make_vectors.py)"

    # Gradients by autograd of L = sum(w * outputs) + sum(v * final_state), with random w and v: every output and
    # the final state carry gradient, as in the C# finite-difference checks.
    w = torch.randn(outputs.shape)
    v = torch.randn(final.shape)
    grads = autograd_gradients(kind, o, params, inputs, state0, H, O, w, v, plain)

    flat = lambda t: [float(v) for v in t.reshape(-1).tolist()]
    doc = {
        "name": name, "kind": kind, "source": source, "input": I, "hidden": H, "output": O, "steps": steps,
        "options": o,
        "params": {k: {"shape": list(v.shape), "data": flat(v)} for k, v in params.items()},
        "initial_state": flat(state0), "inputs": flat(inputs), "outputs": flat(outputs), "final_state": flat(final),
        "output_weights": flat(w), "state_weights": flat(v),
        "gradients": {
            "params": {k: flat(g) for k, g in grads["params"].items()},
            "inputs": flat(grads["inputs"]), "initial_state": flat(grads["initial_state"]),
        },
    }
    os.makedirs(OUT, exist_ok=True)
    with open(os.path.join(OUT, name + ".json"), "w") as f:
        json.dump(doc, f, indent=None, separators=(",", ":"))
        f.write("\n")
    print(f"{name}: {source}, I={I} H={H} O={O} T={steps}")


def main():
    make_case("rnn_tanh_i7_h33", "rnn", 7, 33, plain=True)
    make_case("rnn_relu_i1_h20", "rnn", 1, 20, plain=True, activation="relu")
    make_case("rnn_softsign_nobias_i3_h5_o4_softmax", "rnn", 3, 5, 4, activation="softsign", bias=False, output_activation="softmax")
    make_case("rnn_linear_clip_i2_h16_o3_sigmoid", "rnn", 2, 16, 3, activation="linear", clip=0.8, output_activation="sigmoid")
    make_case("lstm_i7_h33", "lstm", 7, 33, plain=True)
    make_case("lstm_i1_h8", "lstm", 1, 8, plain=True)
    make_case("lstm_i3_h64", "lstm", 3, 64, plain=True)
    make_case("lstm_peephole_i3_h17", "lstm", 3, 17, peephole=True)
    make_case("lstm_peephole_clip_hardsigmoid_i5_h6_o3", "lstm", 5, 6, 3, peephole=True, clip=1.5, gate_activation="hardsigmoid",
              candidate_activation="relu", cell_activation="softsign", output_activation="tanh")
    make_case("lstm_nobias_i4_h2", "lstm", 4, 2, bias=False)
    make_case("gru_i7_h33", "gru", 7, 33, plain=True)
    make_case("gru_i1_h3", "gru", 1, 3, plain=True)
    make_case("gru_reset_before_i4_h9", "gru", 4, 9, reset_after=False)
    make_case("gru_reset_before_clip_hardsigmoid_i2_h5_o2_softmax", "gru", 2, 5, 2, reset_after=False, clip=0.7,
              gate_activation="hardsigmoid", candidate_activation="softsign", output_activation="softmax")
    make_case("gru_nobias_linear_i3_h12", "gru", 3, 12, bias=False, candidate_activation="linear")
    make_case("jordan_i3_h10_o4", "jordan", 3, 10, 4, output_activation="sigmoid")
    make_case("jordan_i2_h7_o3_softmax", "jordan", 2, 7, 3, activation="relu", output_activation="softmax")
    make_case("jordan_nobias_i1_h4_o1", "jordan", 1, 4, 1, bias=False)
    print(f"torch {torch.__version__}")


if __name__ == "__main__":
    main()
