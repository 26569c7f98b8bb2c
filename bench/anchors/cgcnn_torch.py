"""
PyTorch anchor for xtal's CGCNN benchmarks: an independent, straightforward CGCNN (Xie & Grossman 2018)
with pymatgen crystal graphs, written the way a PyTorch user would write it.

Used by bench/train (seconds per epoch, test MAE on elastic-mp fold 0) and bench/predict (end-to-end
crystals per second). Run with Debian's python3 (apt-get install python3-torch python3-pymatgen).

  python3 bench/anchors/cgcnn_torch.py train   --data DIR --target log10_K --epochs N --threads T --out JSON
  python3 bench/anchors/cgcnn_torch.py predict --data DIR --threads T --out JSON

Graphs: 8 A radius, 12 nearest neighbours (padding index 0 at 9 A), Gaussian expansion 0..8 A step 0.2
(sigma = 0.2, exp(-(d-mu)^2 / sigma^2)); atom features from atom_init.json.
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


def read_structures(cif_dir, ids):
    from pymatgen.core import Structure

    return [Structure.from_file(os.path.join(cif_dir, f"{i}.cif")) for i in ids]


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
    def __init__(self, orig, B, F=64, H=128, n_conv=3, n_h=1):
        super().__init__()
        self.embedding = nn.Linear(orig, F)
        self.convs = nn.ModuleList([ConvLayer(F, B) for _ in range(n_conv)])
        self.conv_to_fc = nn.Linear(F, H)
        self.fcs = nn.ModuleList([nn.Linear(H, H) for _ in range(n_h - 1)])
        self.fc_out = nn.Linear(H, 1)

    def forward(self, atom_fea, nbr_fea, nbr_idx, crystal_idx):
        x = self.embedding(atom_fea)
        for conv in self.convs:
            x = conv(x, nbr_fea, nbr_idx)
        pooled = torch.stack([x[i].mean(dim=0) for i in crystal_idx])
        h = nn.functional.softplus(self.conv_to_fc(nn.functional.softplus(pooled)))
        for fc in self.fcs:
            h = nn.functional.softplus(fc(h))
        return self.fc_out(h)


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
    test = [r for r in rows if int(r["fold"]) == args.test_fold]
    rest = [r for r in rows if int(r["fold"]) != args.test_fold]
    random.Random(args.seed).shuffle(rest)
    n_val = int(round(0.1 * len(rest)))
    val, tr = rest[:n_val], rest[n_val:]
    atom_init = load_atom_init(args.atom_init)
    t0 = time.time()
    ids = [r["material_id"] for r in rows]
    structs = dict(zip(ids, read_structures(os.path.join(args.data, "cifs"), ids)))
    graphs = {i: build_graph(structs[i], atom_init) for i in ids}
    graph_s = time.time() - t0
    y = {r["material_id"]: float(r[args.target]) for r in rows}
    ytr = np.array([y[r["material_id"]] for r in tr])
    mean, std = float(ytr.mean()), float(ytr.std())
    model = CGCNN(92, 41, n_conv=args.n_conv)
    opt = torch.optim.SGD(model.parameters(), lr=args.lr, momentum=0.9)
    epoch_times = []
    best_val, best_state = float("inf"), None

    def evaluate(split):
        model.eval()
        errs = []
        with torch.no_grad():
            for b in range(0, len(split), args.batch_size):
                chunk = split[b : b + args.batch_size]
                inp = collate([graphs[r["material_id"]] for r in chunk])
                pred = model(*inp).view(-1) * std + mean
                errs += list(np.abs(pred.numpy() - np.array([y[r["material_id"]] for r in chunk])))
        return float(np.mean(errs))

    for epoch in range(args.epochs):
        model.train()
        order = list(range(len(tr)))
        random.Random(args.seed + epoch).shuffle(order)
        t = time.time()
        for b in range(0, len(order), args.batch_size):
            chunk = [tr[i] for i in order[b : b + args.batch_size]]
            inp, target = collate(
                [graphs[r["material_id"]] for r in chunk], [(y[r["material_id"]] - mean) / std for r in chunk]
            )
            loss = nn.functional.mse_loss(model(*inp), target)
            opt.zero_grad()
            loss.backward()
            opt.step()
        epoch_times.append(time.time() - t)
        v = evaluate(val)
        if v < best_val:
            best_val, best_state = v, {k: x.clone() for k, x in model.state_dict().items()}
    model.load_state_dict(best_state)
    result = {
        "implementation": f"PyTorch {torch.__version__} + pymatgen",
        "threads": args.threads,
        "epochs": args.epochs,
        "seconds_per_epoch": float(np.median(epoch_times)),
        "graph_seconds": graph_s,
        "best_val_mae": best_val,
        "test_mae": evaluate(test),
        "peak_rss_mb": peak_rss_mb(),
        "n_train": len(tr),
        "n_val": len(val),
        "n_test": len(test),
    }
    emit(result, args.out)


def predict(args):
    """End to end like the reference predict.py: start, read CIFs, build graphs, run one model (random weights:
    only the speed is measured), write predictions."""
    t0 = time.time()
    torch.set_num_threads(args.threads)
    rows = read_targets(args.data)
    if args.limit:
        rows = rows[: args.limit]
    atom_init = load_atom_init(args.atom_init)
    model = CGCNN(92, 41, F=64, H=32, n_conv=4)
    model.eval()
    ids = [r["material_id"] for r in rows]
    preds = []
    with torch.no_grad():
        for b in range(0, len(ids), 256):
            chunk = ids[b : b + 256]
            graphs = [build_graph(s, atom_init) for s in read_structures(os.path.join(args.data, "cifs"), chunk)]
            preds += model(*collate(graphs)).view(-1).tolist()
    elapsed = time.time() - t0
    emit(
        {
            "implementation": f"PyTorch {torch.__version__} + pymatgen",
            "threads": args.threads,
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
    print(text)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("job", choices=["train", "predict"])
    p.add_argument("--data", required=True)
    p.add_argument("--atom-init", required=True)
    p.add_argument("--target", default="log10_K")
    p.add_argument("--test-fold", type=int, default=0)
    p.add_argument("--epochs", type=int, default=10)
    p.add_argument("--batch-size", type=int, default=256)
    p.add_argument("--lr", type=float, default=0.01)
    p.add_argument("--n-conv", type=int, default=3)
    p.add_argument("--threads", type=int, default=1)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--limit", type=int, default=0)
    p.add_argument("--out", default="")
    args = p.parse_args()
    {"train": train, "predict": predict}[args.job](args)


if __name__ == "__main__":
    sys.exit(main())
