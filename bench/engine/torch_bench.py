# PyTorch side of bench/engine: one CGCNN ConvLayer (as in txie-93/cgcnn model.py) forward + backward and a
# matmul with its two gradient products, at the thread count given. Prints one JSON line of times (s).
import json, sys, time
import torch
import torch.nn as nn

threads = int(sys.argv[1])
N, M, F, B = int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
reps = int(sys.argv[6])
torch.set_num_threads(threads)
torch.manual_seed(0)


class ConvLayer(nn.Module):
    def __init__(self, atom_fea_len, nbr_fea_len):
        super().__init__()
        self.atom_fea_len = atom_fea_len
        self.fc_full = nn.Linear(2 * atom_fea_len + nbr_fea_len, 2 * atom_fea_len)
        self.sigmoid = nn.Sigmoid()
        self.softplus1 = nn.Softplus()
        self.bn1 = nn.BatchNorm1d(2 * atom_fea_len)
        self.bn2 = nn.BatchNorm1d(atom_fea_len)
        self.softplus2 = nn.Softplus()

    def forward(self, atom_in_fea, nbr_fea, nbr_fea_idx):
        n, m = nbr_fea_idx.shape
        atom_nbr_fea = atom_in_fea[nbr_fea_idx, :]
        total_nbr_fea = torch.cat(
            [atom_in_fea.unsqueeze(1).expand(n, m, self.atom_fea_len), atom_nbr_fea, nbr_fea], dim=2)
        total_gated_fea = self.fc_full(total_nbr_fea)
        total_gated_fea = self.bn1(total_gated_fea.view(-1, self.atom_fea_len * 2)).view(n, m, self.atom_fea_len * 2)
        nbr_filter, nbr_core = total_gated_fea.chunk(2, dim=2)
        nbr_filter = self.sigmoid(nbr_filter)
        nbr_core = self.softplus1(nbr_core)
        nbr_sumed = torch.sum(nbr_filter * nbr_core, dim=1)
        nbr_sumed = self.bn2(nbr_sumed)
        return self.softplus2(atom_in_fea + nbr_sumed)


def best_of(fn, reps):
    fn()
    ts = []
    cpu = float("inf")
    for _ in range(reps):
        c0 = time.process_time()
        t0 = time.perf_counter()
        fn()
        ts.append(time.perf_counter() - t0)
        cpu = min(cpu, time.process_time() - c0)
    return min(ts), sorted(ts)[len(ts) // 2], cpu


layer = ConvLayer(F, B).train()
v = torch.randn(N, F, requires_grad=True)
u = torch.rand(N, M, B)
idx = torch.randint(0, N, (N, M))
R = torch.randn(N, F)


def cgcnn():
    layer.zero_grad()
    v.grad = None
    out = layer(v, u, idx)
    (out * R).sum().backward()


A = torch.randn(20000, 169)
Bm = torch.randn(169, 128)
G = torch.randn(20000, 128)


def mm():
    C = A @ Bm
    dA = G @ Bm.t()
    dB = A.t() @ G
    return C, dA, dB


cg_best, cg_med, cg_cpu = best_of(cgcnn, reps)
mm_best, mm_med, mm_cpu = best_of(mm, reps)
print(json.dumps({"threads": threads, "cgcnn_best": cg_best, "cgcnn_median": cg_med, "cgcnn_cpu": cg_cpu,
                  "mm_best": mm_best, "mm_median": mm_med, "mm_cpu": mm_cpu}))
