#!/usr/bin/python3
"""Weight files made by PyTorch, for CellGen's interop tests.

Run with Debian's interpreter (apt-get install python3-torch):  /usr/bin/python3 tools/reference/make_interop_files.py
Writes tests/CellGen.Tests/ReferenceData/interop/. For each case:

  <case>.safetensors        the module's state_dict, as PyTorch names it (written by the small writer below: the
                            safetensors package is not in Debian 12)
  <case>.onnx               torch.onnx.export of the same module (opset 14)
  <case>.keras.safetensors  the same weights converted here to Keras's layout (kernel [I, G*H], recurrent_kernel
                            [H, G*H], bias; gates LSTM i,f,c,o and GRU z,r,h), named kernel_l0, recurrent_kernel_l0_reverse, ...
  <case>.json               an input sequence and the module's outputs on it

and rnn_affine_without_parameters.onnx (made with the onnx package), a model CellGen must refuse.

The Keras conversion is written here from Keras's documented layout, independently of CellGen's converter. Keras itself
is not installable here, so the reset-before GRU (which PyTorch lacks) is computed by a hand-written Keras GRU.
Deterministic: a second run writes identical bytes (torch 1.13.0a0, Debian 12).
"""
import json
import os
import struct

import torch

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..", "..", "tests", "CellGen.Tests", "ReferenceData", "interop")
STEPS = 6


def save_safetensors(path, tensors):
    """The safetensors format: 8-byte little-endian header length, JSON header (sorted names), raw data."""
    names = sorted(tensors)
    header, offset, blobs = {}, 0, []
    for name in names:
        t = tensors[name].detach().contiguous()
        dtype = {torch.float32: "F32", torch.float64: "F64"}[t.dtype]
        blob = t.numpy().astype(t.numpy().dtype.newbyteorder("<")).tobytes()
        header[name] = {"dtype": dtype, "shape": list(t.shape), "data_offsets": [offset, offset + len(blob)]}
        offset += len(blob)
        blobs.append(blob)
    text = json.dumps(header, separators=(",", ":")).encode()
    text += b" " * (-len(text) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)))
        f.write(text)
        for blob in blobs:
            f.write(blob)


def keras_layout(state, kind, prefix=""):
    """PyTorch state_dict tensors -> Keras kernel / recurrent_kernel / bias, with CellGen's _l{k}[_reverse] suffixes."""
    out = {}
    for name, w in state.items():
        if not name.startswith(prefix + "weight_ih_"):
            continue
        suffix = name[len(prefix + "weight_ih"):]
        w_ih, w_hh = w, state[prefix + "weight_hh" + suffix]
        b_ih, b_hh = state[prefix + "bias_ih" + suffix], state[prefix + "bias_hh" + suffix]
        H = w_hh.shape[1]
        if kind == "gru":  # PyTorch r, z, n -> Keras z, r, h
            order = [1, 0, 2]
            w_ih = torch.cat([w_ih[g * H:(g + 1) * H] for g in order])
            w_hh = torch.cat([w_hh[g * H:(g + 1) * H] for g in order])
            b_ih = torch.cat([b_ih[g * H:(g + 1) * H] for g in order])
            b_hh = torch.cat([b_hh[g * H:(g + 1) * H] for g in order])
            bias = torch.stack([b_ih, b_hh])  # reset_after=True: [2, 3H]
        else:  # LSTM i, f, g, o is Keras's i, f, c, o; SimpleRNN has one gate
            bias = b_ih + b_hh
        out["kernel" + suffix] = w_ih.t().contiguous()
        out["recurrent_kernel" + suffix] = w_hh.t().contiguous()
        out["bias" + suffix] = bias
    return out


def write_json(case, x, y, **extra):
    data = dict(steps=STEPS, input=x.reshape(-1).tolist(), output=y.reshape(-1).tolist(), **extra)
    with open(os.path.join(OUT, case + ".json"), "w") as f:
        json.dump(data, f, indent=1)
        f.write("\n")


def torch_case(case, module, kind, x, prefix="", onnx_outputs=("y",)):
    with torch.no_grad():
        y = module(x.unsqueeze(1))[0].squeeze(1)
    state = module.state_dict()
    save_safetensors(os.path.join(OUT, case + ".safetensors"), state)
    save_safetensors(os.path.join(OUT, case + ".keras.safetensors"), keras_layout(state, kind, prefix))
    torch.onnx.export(module, (x.unsqueeze(1),), os.path.join(OUT, case + ".onnx"), input_names=["x"],
                      output_names=list(onnx_outputs), opset_version=14, do_constant_folding=True)
    write_json(case, x, y)
    print(case, "max |y| = %.4f" % y.abs().max().item())


class Stacked(torch.nn.Module):
    """A two-layer bidirectional LSTM inside a larger model, so its state_dict names carry the prefix 'rnn.'."""

    def __init__(self):
        super().__init__()
        self.rnn = torch.nn.LSTM(3, 4, num_layers=2, bidirectional=True)

    def forward(self, x):
        return self.rnn(x)


def keras_gru_reset_before(kernel, recurrent, bias, x):
    """Keras's GRU with reset_after=False, gates z, r, h: h~ = tanh(x W_h + (r * h) U_h + b_h); h = z h + (1 - z) h~."""
    H = recurrent.shape[0]
    h = torch.zeros(H, dtype=torch.float64)
    ys = []
    for t in range(x.shape[0]):
        xw = x[t] @ kernel + bias
        z = torch.sigmoid(xw[:H] + h @ recurrent[:, :H])
        r = torch.sigmoid(xw[H:2 * H] + h @ recurrent[:, H:2 * H])
        hh = torch.tanh(xw[2 * H:] + (r * h) @ recurrent[:, 2 * H:])
        h = z * h + (1 - z) * hh
        ys.append(h)
    return torch.stack(ys)


def main():
    os.makedirs(OUT, exist_ok=True)

    torch.manual_seed(1)
    torch_case("lstm_i3_h5", torch.nn.LSTM(3, 5), "lstm", torch.randn(STEPS, 3), onnx_outputs=("y", "h", "c"))
    torch.manual_seed(2)
    torch_case("gru_i3_h5", torch.nn.GRU(3, 5), "gru", torch.randn(STEPS, 3), onnx_outputs=("y", "h"))
    torch.manual_seed(3)
    torch_case("rnn_i2_h4", torch.nn.RNN(2, 4), "rnn", torch.randn(STEPS, 2), onnx_outputs=("y", "h"))
    torch.manual_seed(4)
    torch_case("bilstm2_i3_h4", Stacked(), "lstm", torch.randn(STEPS, 3), prefix="rnn.", onnx_outputs=("y", "h", "c"))

    # Double precision: the file holds F64 and the outputs are compared to 1e-12.
    torch.manual_seed(5)
    lstm = torch.nn.LSTM(2, 4).double()
    x = torch.randn(STEPS, 2, dtype=torch.float64)
    with torch.no_grad():
        y = lstm(x.unsqueeze(1))[0].squeeze(1)
    save_safetensors(os.path.join(OUT, "lstm_double_i2_h4.safetensors"), lstm.state_dict())
    write_json("lstm_double_i2_h4", x, y)
    print("lstm_double_i2_h4 max |y| = %.4f" % y.abs().max().item())

    # Keras's reset-before GRU (one bias [3H]), which PyTorch lacks: weights drawn in Keras's layout.
    torch.manual_seed(6)
    I, H = 3, 4
    kernel = (torch.rand(I, 3 * H) - 0.5).float()
    recurrent = (torch.rand(H, 3 * H) - 0.5).float()
    bias = (torch.rand(3 * H) - 0.5).float()
    x = torch.randn(STEPS, I).float()
    y = keras_gru_reset_before(kernel.double(), recurrent.double(), bias.double(), x.double())
    save_safetensors(os.path.join(OUT, "gru_reset_before_i3_h4.keras.safetensors"),
                     {"kernel_l0": kernel, "recurrent_kernel_l0": recurrent, "bias_l0": bias})
    write_json("gru_reset_before_i3_h4", x, y)
    print("gru_reset_before_i3_h4 max |y| = %.4f" % y.abs().max().item())
    # Hostile but well-formed: an RNN whose activation is ONNX's Affine without activation_alpha/beta, which ONNX
    # Runtime reads as alpha 0 (output 0); CellGen must refuse it rather than take it for Linear. Made with the onnx
    # package, independently of CellGen's writer.
    import numpy
    import onnx
    from onnx import helper, numpy_helper
    torch.manual_seed(7)
    w = numpy_helper.from_array(torch.rand(1, 4, 2).numpy(), "W")
    r = numpy_helper.from_array(torch.rand(1, 4, 4).numpy(), "R")
    node = helper.make_node("RNN", ["x", "W", "R"], ["y"], name="affine_rnn", hidden_size=4, activations=["Affine"])
    graph = helper.make_graph([node], "affine", [helper.make_tensor_value_info("x", onnx.TensorProto.FLOAT, ["steps", "batch", 2])],
                              [helper.make_tensor_value_info("y", onnx.TensorProto.FLOAT, None)], [w, r])
    onnx.save(helper.make_model(graph, opset_imports=[helper.make_opsetid("", 14)]), os.path.join(OUT, "rnn_affine_without_parameters.onnx"))
    print("rnn_affine_without_parameters.onnx (onnx", onnx.__version__ + ")")
    print("torch", torch.__version__)


if __name__ == "__main__":
    main()
