"""Anchor for bench/graphs: CGCNN graphs with pymatgen, as the reference CGCNN data.py builds them.

Reads CIFs with pymatgen's CifParser, finds neighbours within the radius (get_all_neighbors), keeps the
M nearest (sorted by distance), pads with index 0 at radius + 1, expands distances in Gaussians
exp(-(d - mu)^2 / step^2) and stacks the atom_init.json vectors. Times CIF parsing and graph building
separately (wall and CPU time), single-threaded, and writes a JSON summary (with per-crystal checksums) for run.ts.

Usage: /usr/bin/python3 pymatgen_graphs.py CIF_DIR IDS_CSV ATOM_INIT_JSON OUT_JSON [--limit N]
"""
import csv
import json
import os
import resource
import sys
import time
import warnings

for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(var, "1")

import numpy as np  # noqa: E402
from pymatgen.io.cif import CifParser  # noqa: E402


def main():
    cif_dir, ids_csv, atom_init, out_json = sys.argv[1:5]
    limit = int(sys.argv[sys.argv.index("--limit") + 1]) if "--limit" in sys.argv else None
    radius, max_nbr, dmin, step = 8.0, 12, 0.0, 0.2
    with open(ids_csv) as f:
        ids = [row["material_id"] for row in csv.DictReader(f)]
    if limit:
        ids = ids[:limit]
    with open(atom_init) as f:
        table = {int(k): np.array(v, dtype=float) for k, v in json.load(f).items()}
    centres = np.arange(dmin, radius + step, step)

    warnings.simplefilter("ignore")
    t0, c0 = time.perf_counter(), time.process_time()
    structures = []
    for cid in ids:
        with open(os.path.join(cif_dir, cid + ".cif")) as f:
            text = f.read()
        structures.append(CifParser.from_string(text).get_structures(primitive=False)[0])
    t_parse, c_parse = time.perf_counter() - t0, time.process_time() - c0

    t0, c0 = time.perf_counter(), time.process_time()
    checksums = []
    padded = 0
    atoms = 0
    for crystal in structures:
        atom_fea = np.vstack([table[crystal[i].specie.number] for i in range(len(crystal))])
        all_nbrs = crystal.get_all_neighbors(radius, include_index=True)
        all_nbrs = [sorted(nbrs, key=lambda x: x[1]) for nbrs in all_nbrs]
        nbr_fea_idx, nbr_fea = [], []
        for nbr in all_nbrs:
            if len(nbr) < max_nbr:
                padded += 1
                nbr_fea_idx.append(list(map(lambda x: x[2], nbr)) + [0] * (max_nbr - len(nbr)))
                nbr_fea.append(list(map(lambda x: x[1], nbr)) + [radius + 1.0] * (max_nbr - len(nbr)))
            else:
                nbr_fea_idx.append(list(map(lambda x: x[2], nbr[:max_nbr])))
                nbr_fea.append(list(map(lambda x: x[1], nbr[:max_nbr])))
        nbr_fea_idx, nbr_fea = np.array(nbr_fea_idx), np.array(nbr_fea)
        edge = np.exp(-((nbr_fea[..., np.newaxis] - centres) ** 2) / step**2)
        atoms += len(crystal)
        checksums.append([float(nbr_fea.sum()), float(atom_fea.sum()), int(edge.shape[-1])])
    t_graph, c_graph = time.perf_counter() - t0, time.process_time() - c0

    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    with open(out_json, "w") as f:
        json.dump(
            {
                "ids": ids,
                "atoms": atoms,
                "padded_atoms": padded,
                "seconds_parse": t_parse,
                "seconds_graph": t_graph,
                "cpu_seconds_parse": c_parse,
                "cpu_seconds_graph": c_graph,
                "peak_rss_mb": peak_kb / 1024,
                "checksums": checksums,
            },
            f,
        )


if __name__ == "__main__":
    main()
