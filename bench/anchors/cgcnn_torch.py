"""
PyTorch anchor for xtal's CGCNN benchmarks: an independent, straightforward CGCNN (Xie & Grossman 2018)
with pymatgen crystal graphs, written the way a PyTorch user would write it, following the reference
implementation (cgcnn/data.py, model.py, main.py, predict.py).

Used by bench/train (seconds per epoch, test MAE on elastic-mp fold 0) and bench/predict (end-to-end
crystals per second). Run with Debian's python3 (apt-get install python3-torch python3-pymatgen).

  python3 bench/anchors/cgcnn_torch.py train   --data DIR --atom-init JSON --target log10_K --epochs N
                                               --threads T [--split SPLIT.json] --out JSON
  python3 bench/anchors/cgcnn_torch.py predict --data DIR --atom-init JSON --threads T
                                               [--model XTAL_MODEL_DIR] [--inputs CIF_DIR]
                                               [--predictions CSV] --out JSON

Graphs: 8 A radius, 12 nearest neighbours (padding index 0 at 9 A), Gaussian expansion 0..8 A step 0.2
(sigma = 0.2, exp(-(d-mu)^2 / sigma^2)); atom features from atom_init.json (as cgcnn/data.py).
Model: the reference CrystalGraphConvNet (embedding, n_conv ConvLayers with both BatchNorms, mean pooling,
softplus -> conv_to_fc -> softplus, n_h - 1 hidden layers, fc_out); reference defaults F 64, H 128, 3 convs.
Training: SGD (lr 0.01, momentum 0.9), MultiStepLR, MSE on standardised targets, batch 256, best
validation MAE model kept; one epoch = train pass + validation pass, as in the reference main.py.
Differences from main.py, kept because they do not change the work per epoch: the normaliser uses every
training target (main.py samples 500), and the split can be given as a file (so both sides train on the
same crystals).

predict --model DIR loads an xtal model folder (model.json, <member>.safetensors with PyTorch state-dict
names, atom_init.json), runs every member and writes the ensemble mean and std per crystal, so the two
implementations can be compared on identical weights. Without --model it runs one randomly initialised
network of the size of the reference pretrained checkpoints (F 64, H 32, 4 convolutions; bench/screen uses
this; only the speed is measured then).
"""
import argparse
import csv
import json
import os
import random
import resource
import sys
import time
import warnings

import numpy as np
import torch
import torch.nn as nn

warnings.filterwarnings("ignore")


# ---------------------------------------------------------------- graphs
def load_atom_init(path):
    with open(path) as f:
        d = json.load(f)
    return {int(k): np.array(v, dtype=np.float32) for k, v in d.items()}


def build_graph(structure, atom_init, radius=8.0, max_nbr=12, dmin=0.0, step=0.2):
    atom_fea = np.vstack([atom_init[site.specie.number] for site in structure])
    all_nbrs = structure.get_all_neighbors(radius, include_index=True)
    all_nbrs = [sorted(nbrs, key=lambda x: x[1]) for nbrs in all_nbrs]
    nbr_idx, nbr_dist = [], []
    for nbr in all_nbrs:
        if len(nbr) < max_nbr:
            nbr_idx.append([x[2] for x in nbr] + [0] * (max_nbr - len(nbr)))
            nbr_dist.append([x[1] for x in nbr] + [radius + 1.0] * (max_nbr - len(nbr)))
        else:
            nbr_idx.append([x[2] for x in nbr[:max_nbr]])
            nbr_dist.append([x[1] for x in nbr[:max_nbr]])
    centers = np.arange(dmin, radius + step, step)
    d = np.array(nbr_dist)[..., None]
    nbr_fea = np.exp(-((d - centers) ** 2) / step**2).astype(np.float32)
    return atom_fea, nbr_fea, np.array(nbr_idx, dtype=np.int64)


def read_structure(path):
    from pymatgen.core import Structure

    return Structure.from_file(path)


def collate(graphs, targets=None):
    atom_fea, nbr_fea, nbr_idx, crystal_idx = [], [], [], []
    base = 0
    for g in graphs:
        a, n, i = g
        atom_fea.append(a)
        nbr_fea.append(n)
        nbr_idx.append(i + base)
        crystal_idx.append(torch.arange(base, base + len(a)))
        base += len(a)
    out = (
        torch.from_numpy(np.concatenate(atom_fea)),
        torch.from_numpy(np.concatenate(nbr_fea)),
        torch.from_numpy(np.concatenate(nbr_idx)),
        crystal_idx,
    )
    if targets is None:
        return out
    return out, torch.tensor(targets, dtype=torch.float32).view(-1, 1)


# ---------------------------------------------------------------- model
class ConvLayer(nn.Module):
    def __init__(self, F, B):
        super().__init__()
        self.F = F
        self.fc_full = nn.Linear(2 * F + B, 2 * F)
        self.bn1 = nn.BatchNorm1d(2 * F)
        self.bn2 = nn.BatchNorm1d(F)

    def forward(self, atom, nbr_fea, nbr_idx):
        N, M = nbr_idx.shape
        atom_nbr = atom[nbr_idx, :]
        z = torch.cat([atom.unsqueeze(1).expand(N, M, self.F), atom_nbr, nbr_fea], dim=2)
        h = self.bn1(self.fc_full(z).view(-1, 2 * self.F)).view(N, M, 2 * self.F)
        f, c = h.chunk(2, dim=2)
        s = torch.sum(torch.sigmoid(f) * nn.functional.softplus(c), dim=1)
        return nn.functional.softplus(atom + self.bn2(s))


class CGCNN(nn.Module):
    def __init__(self, orig, B, F=64, H=128, n_conv=3, n_h=1, n_out=1):
        super().__init__()
        self.embedding = nn.Linear(orig, F)
        self.convs = nn.ModuleList([ConvLayer(F, B) for _ in range(n_conv)])
        self.conv_to_fc = nn.Linear(F, H)
        self.fcs = nn.ModuleList([nn.Linear(H, H) for _ in range(n_h - 1)])
        self.fc_out = nn.Linear(H, n_out)

    def forward(self, atom_fea, nbr_fea, nbr_idx, crystal_idx):
        x = self.embedding(atom_fea)
        for conv in self.convs:
            x = conv(x, nbr_fea, nbr_idx)
        pooled = torch.stack([x[i].mean(dim=0) for i in crystal_idx])
        h = nn.functional.softplus(self.conv_to_fc(nn.functional.softplus(pooled)))
        for fc in self.fcs:
            h = nn.functional.softplus(fc(h))
        return self.fc_out(h)


# ---------------------------------------------------------------- xtal model folders
_ST_DTYPES = {"F32": np.float32, "F64": np.float64, "I64": np.int64, "I32": np.int32, "F16": np.float16}


def read_safetensors(path):
    """A safetensors file as {name: torch tensor} (format: u64 header length, JSON header, raw data)."""
    with open(path, "rb") as f:
        raw = f.read()
    n = int.from_bytes(raw[:8], "little")
    header = json.loads(raw[8 : 8 + n])
    base = 8 + n
    out = {}
    for name, spec in header.items():
        if name == "__metadata__":
            continue
        a, b = spec["data_offsets"]
        arr = np.frombuffer(raw[base + a : base + b], dtype=_ST_DTYPES[spec["dtype"]]).reshape(spec["shape"])
        out[name] = torch.from_numpy(arr.copy())
    return out


def load_xtal_model(folder):
    """Members (torch modules in eval mode, normaliser), graph parameters and atom_init path of a model folder."""
    with open(os.path.join(folder, "model.json")) as f:
        manifest = json.load(f)
    members = []
    for spec in manifest["members"]:
        c = spec["config"]
        if c.get("task", "regression") != "regression" or c.get("nAtomOut", 0):
            raise SystemExit("cgcnn_torch.py predict supports regression models without an atom head")
        net = CGCNN(c["origAtomFeaLen"], c["nbrFeaLen"], c["atomFeaLen"], c["hFeaLen"], c["nConv"], c["nH"], c["nOut"])
        net.load_state_dict(read_safetensors(os.path.join(folder, spec["weights"])), strict=True)
        net.eval()
        norm = spec.get("normalizer")
        mean = np.array(norm["mean"] if norm else [0.0] * c["nOut"], dtype=np.float64)
        std = np.array(norm["std"] if norm else [1.0] * c["nOut"], dtype=np.float64)
        members.append((net, mean, std))
    g = manifest.get("graph") or {}
    graph = {
        "radius": float(g.get("radiusA", 8.0)),
        "max_nbr": int(g.get("maxNeighbors", 12)),
        "dmin": float(g.get("dminA", 0.0)),
        "step": float(g.get("stepA", 0.2)),
    }
    return members, graph, os.path.join(folder, manifest.get("atomFeatures", "atom_init.json"))


# ---------------------------------------------------------------- jobs
def read_targets(data_dir):
    with open(os.path.join(data_dir, "targets.csv")) as f:
        return list(csv.DictReader(f))


def peak_rss_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def train(args):
    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    rows = read_targets(args.data)
    by_id = {r["material_id"]: r for r in rows}
    if args.split:
        with open(args.split) as f:
            s = json.load(f)
        tr, val, test = ([by_id[i] for i in s[k]] for k in ("train", "val", "test"))
    else:
        test = [r for r in rows if int(r["fold"]) == args.test_fold]
        rest = [r for r in rows if int(r["fold"]) != args.test_fold]
        random.Random(args.seed).shuffle(rest)
        n_val = int(round(0.1 * len(rest)))
        val, tr = rest[:n_val], rest[n_val:]
    atom_init = load_atom_init(args.atom_init)
    used = tr + val + test
    ids = [r["material_id"] for r in used]
    t0, c0 = time.perf_counter(), time.process_time()
    structs = {i: read_structure(os.path.join(args.data, "cifs", f"{i}.cif")) for i in ids}
    parse_s, parse_cpu = time.perf_counter() - t0, time.process_time() - c0
    t0, c0 = time.perf_counter(), time.process_time()
    graphs = {i: build_graph(structs[i], atom_init) for i in ids}
    graph_s, graph_cpu = time.perf_counter() - t0, time.process_time() - c0
    y = {r["material_id"]: float(r[args.target]) for r in used}
    ytr = np.array([y[r["material_id"]] for r in tr])
    mean, std = float(ytr.mean()), float(ytr.std())
    model = CGCNN(92, 41, F=args.atom_fea_len, H=args.h_fea_len, n_conv=args.n_conv, n_h=args.n_h)
    opt = torch.optim.SGD(model.parameters(), lr=args.lr, momentum=0.9)
    sched = torch.optim.lr_scheduler.MultiStepLR(opt, milestones=[args.lr_milestone], gamma=0.1)
    epochs = []
    best_val, best_state = float("inf"), None

    def evaluate(split):
        model.eval()
        errs = []
        with torch.no_grad():
            for b in range(0, len(split), args.batch_size):
                chunk = split[b : b + args.batch_size]
                inp = collate([graphs[r["material_id"]] for r in chunk])
                pred = model(*inp).view(-1).numpy().astype(np.float64) * std + mean
                errs += list(np.abs(pred - np.array([y[r["material_id"]] for r in chunk])))
        return float(np.mean(errs))

    for epoch in range(args.epochs):
        model.train()
        order = list(range(len(tr)))
        random.Random(args.seed + epoch).shuffle(order)
        t, c = time.perf_counter(), time.process_time()
        loss_sum = 0.0
        for b in range(0, len(order), args.batch_size):
            chunk = [tr[i] for i in order[b : b + args.batch_size]]
            if len(chunk) < 2:
                continue
            inp, target = collate(
                [graphs[r["material_id"]] for r in chunk], [(y[r["material_id"]] - mean) / std for r in chunk]
            )
            loss = nn.functional.mse_loss(model(*inp), target)
            opt.zero_grad()
            loss.backward()
            opt.step()
            loss_sum += float(loss) * len(chunk)
        t_train, c_train = time.perf_counter() - t, time.process_time() - c
        v = evaluate(val)
        sched.step()
        epochs.append(
            {
                "seconds": time.perf_counter() - t,
                "cpu_seconds": time.process_time() - c,
                "train_seconds": t_train,
                "train_cpu_seconds": c_train,
                "train_loss": loss_sum / len(tr),
                "val_mae": v,
            }
        )
        print(
            f"torch epoch {epoch + 1}: loss {loss_sum / len(tr):.4f} val MAE {v:.4f} "
            f"({epochs[-1]['seconds']:.2f} s, CPU {epochs[-1]['cpu_seconds']:.2f} s)",
            file=sys.stderr,
        )
        if v < best_val:
            best_val, best_state = v, {k: x.clone() for k, x in model.state_dict().items()}
    model.load_state_dict(best_state)
    med = lambda k: float(np.median([e[k] for e in epochs]))  # noqa: E731
    result = {
        "implementation": f"PyTorch {torch.__version__}",
        "threads": args.threads,
        "epochs": args.epochs,
        "seconds_per_epoch": med("seconds"),
        "cpu_seconds_per_epoch": med("cpu_seconds"),
        "train_seconds_per_epoch": med("train_seconds"),
        "train_cpu_seconds_per_epoch": med("train_cpu_seconds"),
        "epoch_log": epochs,
        "parse_seconds": parse_s,
        "parse_cpu_seconds": parse_cpu,
        "graph_seconds": graph_s,
        "graph_cpu_seconds": graph_cpu,
        "best_val_mae": best_val,
        "test_mae": evaluate(test),
        "peak_rss_mb": peak_rss_mb(),
        "n_train": len(tr),
        "n_val": len(val),
        "n_test": len(test),
        "atoms_train": int(sum(len(graphs[r["material_id"]][0]) for r in tr)),
    }
    emit(result, args.out)


def predict(args):
    """End to end like the reference predict.py: start, read CIFs, build graphs, run the model(s), write the
    predictions. The clock starts when the interpreter reaches this function; the benchmark also times the
    whole process from outside (interpreter start and imports included)."""
    t0 = time.time()
    torch.set_num_threads(args.threads)
    cif_dir = args.inputs or os.path.join(args.data, "cifs")
    ids = sorted(f[:-4] for f in os.listdir(cif_dir) if f.endswith(".cif"))
    if args.limit:
        ids = ids[: args.limit]
    if args.model:
        members, graph, atom_init_path = load_xtal_model(args.model)
    else:
        torch.manual_seed(args.seed)
        net = CGCNN(92, 41, F=64, H=32, n_conv=4)  # the size of the reference pretrained checkpoints
        net.eval()
        members = [(net, np.zeros(1), np.ones(1))]
        graph, atom_init_path = {}, args.atom_init
    atom_init = load_atom_init(atom_init_path)
    means, stds = [], []
    with torch.no_grad():
        for b in range(0, len(ids), args.batch_size):
            chunk = ids[b : b + args.batch_size]
            graphs = [build_graph(read_structure(os.path.join(cif_dir, f"{i}.cif")), atom_init, **graph) for i in chunk]
            inp = collate(graphs)
            outs = np.stack([net(*inp).numpy().astype(np.float64) * s + m for net, m, s in members])
            means.append(outs.mean(axis=0))
            stds.append(outs.std(axis=0, ddof=1) if len(members) > 1 else np.zeros_like(outs[0]))
    mean, std = np.concatenate(means), np.concatenate(stds)
    if args.predictions:
        with open(args.predictions, "w") as f:
            f.write("id,prediction,std\n")
            for k, i in enumerate(ids):
                f.write(f"{i},{mean[k, 0]:.7g},{std[k, 0]:.7g}\n")
    elapsed = time.time() - t0
    emit(
        {
            "implementation": f"PyTorch {torch.__version__} + pymatgen",
            "threads": args.threads,
            "members": len(members),
            "crystals": len(ids),
            "seconds": elapsed,
            "crystals_per_second": len(ids) / elapsed,
            "peak_rss_mb": peak_rss_mb(),
        },
        args.out,
    )


def emit(result, out):
    text = json.dumps(result, indent=2)
    if out:
        with open(out, "w") as f:
            f.write(text)
    else:
        print(text)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("job", choices=["train", "predict"])
    p.add_argument("--data", required=True, help="elastic-mp folder (targets.csv, cifs/)")
    p.add_argument("--atom-init", required=True)
    p.add_argument("--target", default="log10_K")
    p.add_argument("--test-fold", type=int, default=0)
    p.add_argument("--split", default="", help="JSON {train, val, test: [material_id]} (overrides --test-fold)")
    p.add_argument("--epochs", type=int, default=5)
    p.add_argument("--batch-size", type=int, default=256)
    p.add_argument("--lr", type=float, default=0.01)
    p.add_argument("--lr-milestone", type=int, default=240)
    p.add_argument("--atom-fea-len", type=int, default=64)
    p.add_argument("--h-fea-len", type=int, default=128)
    p.add_argument("--n-conv", type=int, default=3)
    p.add_argument("--n-h", type=int, default=1)
    p.add_argument("--threads", type=int, default=1)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--limit", type=int, default=0)
    p.add_argument("--model", default="", help="xtal model folder (predict)")
    p.add_argument("--inputs", default="", help="folder of CIFs to predict (default: DATA/cifs)")
    p.add_argument("--predictions", default="", help="write id,prediction,std CSV here (predict)")
    p.add_argument("--out", default="", help="write the JSON summary here (default: standard output)")
    args = p.parse_args()
    {"train": train, "predict": predict}[args.job](args)


if __name__ == "__main__":
    sys.exit(main())
