#!/usr/bin/python3
"""Reference vectors for CellGen's optimizers and losses, computed with PyTorch in float64.

Run with Debian's interpreter (apt-get install python3-torch):  /usr/bin/python3 tools/reference/make_training_vectors.py
Writes tests/CellGen.Tests/ReferenceData/training/<case>.json. Deterministic: a second run writes identical bytes.

Optimizers: 7 parameters, 5 steps of torch.optim on fixed gradients; the file holds the parameters after every step.
Losses: MSELoss and CrossEntropyLoss (ignore_index for padding) on random values, with their gradients by autograd.
"""
import json
import os

import torch

torch.set_default_dtype(torch.float64)
HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..", "..", "tests", "CellGen.Tests", "ReferenceData", "training")
flat = lambda t: [float(v) for v in t.reshape(-1).tolist()]


def write(name, doc):
    os.makedirs(OUT, exist_ok=True)
    with open(os.path.join(OUT, name + ".json"), "w") as f:
        json.dump(doc, f, separators=(",", ":"))
        f.write("\n")
    print(name)


def optimizer_case(name, make, options):
    torch.manual_seed(sum(ord(c) * (i + 1) for i, c in enumerate(name)))
    initial = torch.randn(7)
    gradients = [torch.randn(7) for _ in range(5)]
    p = torch.nn.Parameter(initial.clone())
    optimizer = make([p])
    after = []
    for g in gradients:
        optimizer.zero_grad()
        p.grad = g.clone()
        optimizer.step()
        after.append(p.detach().clone())
    write(name, {"name": name, "optimizer": name.split("_")[0], "options": options, "initial": flat(initial),
                 "gradients": [flat(g) for g in gradients], "parameters": [flat(a) for a in after]})


def main():
    o = torch.optim
    optimizer_case("sgd_plain", lambda ps: o.SGD(ps, lr=0.1), {"lr": 0.1})
    optimizer_case("sgd_momentum", lambda ps: o.SGD(ps, lr=0.1, momentum=0.9, dampening=0.1, weight_decay=0.01),
                   {"lr": 0.1, "momentum": 0.9, "dampening": 0.1, "weight_decay": 0.01})
    optimizer_case("sgd_nesterov", lambda ps: o.SGD(ps, lr=0.05, momentum=0.9, nesterov=True, weight_decay=0.001),
                   {"lr": 0.05, "momentum": 0.9, "nesterov": True, "weight_decay": 0.001})
    optimizer_case("rmsprop_plain", lambda ps: o.RMSprop(ps, lr=0.01, alpha=0.9, eps=1e-8), {"lr": 0.01, "alpha": 0.9, "eps": 1e-8})
    optimizer_case("rmsprop_momentum", lambda ps: o.RMSprop(ps, lr=0.01, momentum=0.5, weight_decay=0.01),
                   {"lr": 0.01, "alpha": 0.99, "eps": 1e-8, "momentum": 0.5, "weight_decay": 0.01})
    optimizer_case("adagrad_decay", lambda ps: o.Adagrad(ps, lr=0.1, lr_decay=0.01, weight_decay=0.01, initial_accumulator_value=0.1),
                   {"lr": 0.1, "lr_decay": 0.01, "weight_decay": 0.01, "initial_accumulator_value": 0.1, "eps": 1e-10})
    optimizer_case("adam_decay", lambda ps: o.Adam(ps, lr=0.01, betas=(0.9, 0.99), eps=1e-8, weight_decay=0.01),
                   {"lr": 0.01, "beta1": 0.9, "beta2": 0.99, "eps": 1e-8, "weight_decay": 0.01})
    optimizer_case("adamw_decay", lambda ps: o.AdamW(ps, lr=0.01, weight_decay=0.1),
                   {"lr": 0.01, "beta1": 0.9, "beta2": 0.999, "eps": 1e-8, "weight_decay": 0.1})

    torch.manual_seed(11)
    y = torch.randn(4, 3, requires_grad=True)
    target = torch.randn(4, 3)
    loss = torch.nn.functional.mse_loss(y, target)
    loss.backward()
    write("loss_mse", {"name": "loss_mse", "outputs": flat(y.detach()), "targets": flat(target), "loss": float(loss), "gradients": flat(y.grad)})

    torch.manual_seed(12)
    logits = (torch.randn(6, 5) * 3).requires_grad_(True)
    classes = torch.tensor([2, 0, -100, 4, 1, -100])
    loss = torch.nn.functional.cross_entropy(logits, classes, ignore_index=-100)
    loss.backward()
    write("loss_cross_entropy", {"name": "loss_cross_entropy", "logits": flat(logits.detach()), "classes": 5,
                                 "targets": [int(c) for c in classes], "loss": float(loss), "gradients": flat(logits.grad)})
    print(f"torch {torch.__version__}")


if __name__ == "__main__":
    main()
