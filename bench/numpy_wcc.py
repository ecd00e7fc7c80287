#!/usr/bin/env python3
"""The same windowed cross-correlation job as Rapport's engine, in numpy, for `rapport bench`.

Reads the benchmark's feature streams (written by BenchCommand), and at every hop recomputes, for
every dyad and both modalities, Pearson's r at lags -L..L over the window, with the same
definition as the engine (positive lag = badge a leads; missing samples excluded pairwise; no
value below min_valid pairs or with zero variance; peak ties to the smallest |k|, then -k).

The idiomatic numpy formulation: for each shift k the window sums of all ordered badge pairs come
from six matrix products (valid counts, sums, sums of squares, cross products), so the work runs in
BLAS. Prints one JSON object: timings and, for cross-checking, the peaks of the last hop.

Data file: little-endian int32 values[2][ticks][badges] followed by uint8 valid[2][ticks][badges].
"""
import argparse
import json
import os
import sys
import time

import numpy as np


def peaks_at(values, valid, t, w, max_lag, min_valid):
    """Peak r and lag of every dyad (a < b in index order) for the window ending at tick t."""
    n_badges = values.shape[1]
    span = w + max_lag
    lo = t - span + 1
    v = np.zeros((n_badges, span))
    m = np.zeros((n_badges, span))
    src_lo = max(lo, 0)
    v[:, src_lo - lo:] = values[src_lo:t + 1].T
    m[:, src_lo - lo:] = valid[src_lo:t + 1].T
    v *= m
    b_vals = v[:, max_lag:]
    b_mask = m[:, max_lag:]
    b_sq = b_vals * b_vals
    r = np.full((max_lag + 1, n_badges, n_badges), -np.inf)
    for k in range(max_lag + 1):
        a_vals = v[:, max_lag - k:max_lag - k + w]
        a_mask = m[:, max_lag - k:max_lag - k + w]
        n = a_mask @ b_mask.T
        sx = a_vals @ b_mask.T
        sy = a_mask @ b_vals.T
        sxx = (a_vals * a_vals) @ b_mask.T
        syy = a_mask @ b_sq.T
        sxy = a_vals @ b_vals.T
        dx = n * sxx - sx * sx
        dy = n * syy - sy * sy
        ok = (n >= min_valid) & (dx > 0) & (dy > 0)
        with np.errstate(invalid="ignore", divide="ignore"):
            rk = (n * sxy - sx * sy) / np.sqrt(dx * dy)
        r[k] = np.where(ok, rk, -np.inf)
    ia, ib = np.triu_indices(n_badges, 1)
    # Rows in tie order 0, -1, +1, -2, +2, ...: argmax takes the first maximum.
    order = [0]
    for k in range(1, max_lag + 1):
        order += [-k, k]
    table = np.empty((len(order), len(ia)))
    for row, k in enumerate(order):
        table[row] = r[k, ia, ib] if k >= 0 else r[-k, ib, ia]
    best = np.argmax(table, axis=0)
    peak_r = table[best, np.arange(len(ia))]
    peak_lag = np.array(order)[best]
    return peak_r, peak_lag


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--data", required=True)
    p.add_argument("--badges", type=int, required=True)
    p.add_argument("--ticks", type=int, required=True)
    p.add_argument("--window", type=int, required=True, help="W in samples")
    p.add_argument("--max-lag", type=int, required=True, help="L in samples")
    p.add_argument("--hop", type=int, required=True, help="hop in samples")
    p.add_argument("--min-valid", type=int, required=True)
    p.add_argument("--hops", type=int, required=True, help="hops to time")
    a = p.parse_args()

    count = 2 * a.ticks * a.badges
    raw = np.fromfile(a.data, dtype="<i4", count=count)
    flags = np.fromfile(a.data, dtype=np.uint8, count=count, offset=4 * count)
    values = raw.reshape(2, a.ticks, a.badges).astype(np.float64)
    valid = flags.reshape(2, a.ticks, a.badges).astype(np.float64)

    # The engine's hop ticks are W-1, W-1+hop, ...; time the last `hops` of them in the data.
    all_hops = list(range(a.window - 1, a.ticks, a.hop))
    hop_ticks = all_hops[-a.hops:]
    if not hop_ticks:
        print(json.dumps({"error": "not enough ticks for one hop"}))
        return 2

    times = []
    cpu = []
    last = None
    for t in hop_ticks:
        w0, c0 = time.perf_counter(), time.process_time()
        last = [peaks_at(values[mod], valid[mod], t, a.window, a.max_lag, a.min_valid)
                for mod in range(2)]
        times.append(time.perf_counter() - w0)
        cpu.append(time.process_time() - c0)

    print(json.dumps({
        "numpy": np.__version__,
        "python": sys.version.split()[0],
        "blas_threads": os.environ.get("OPENBLAS_NUM_THREADS", "default"),
        "hops": len(hop_ticks),
        "last_hop_tick": hop_ticks[-1],
        "wall_s_per_hop": times,
        "cpu_s_per_hop": cpu,
        "movement_peak_r": [None if not np.isfinite(x) else float(x) for x in last[0][0]],
        "movement_peak_lag": [int(x) for x in last[0][1]],
    }))
    return 0


if __name__ == "__main__":
    sys.exit(main())
