#!/usr/bin/env python3
"""The README's inode experiment: how long creating N folders with one file each takes in a
fresh folder, and right after deleting 2N of them on the same file system (ext4 without a
journal skips inodes freed in the last minute, and rescans them for every new file).

    python3 scripts/inode-reuse.py [DIR] [--n 3000] [--runs 3]

DIR (default target/inode-reuse) must be on the file system to measure; it is emptied first.
Prints the median of RUNS for each case, waiting 65 s before each "fresh" run so that nothing
freed earlier is still recent.
"""

import argparse
import os
import shutil
import statistics
import time


def make(root, n, payload=b"x" * 6000):
    t = time.perf_counter()
    for i in range(n):
        d = os.path.join(root, f"d{i}")
        os.mkdir(d)
        with open(os.path.join(d, "index.html"), "wb") as f:
            f.write(payload)
    return time.perf_counter() - t


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("dir", nargs="?", default="target/inode-reuse")
    ap.add_argument("--n", type=int, default=3000)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--settle", type=float, default=65.0)
    a = ap.parse_args()
    shutil.rmtree(a.dir, ignore_errors=True)
    os.makedirs(a.dir)
    fresh, after = [], []
    for r in range(a.runs):
        time.sleep(a.settle)
        d = os.path.join(a.dir, f"fresh{r}")
        os.mkdir(d)
        fresh.append(make(d, a.n))
        churn = os.path.join(a.dir, f"churn{r}")
        os.mkdir(churn)
        make(churn, 2 * a.n)
        shutil.rmtree(churn)
        d = os.path.join(a.dir, f"after{r}")
        os.mkdir(d)
        after.append(make(d, a.n))
        print(f"run {r + 1}: fresh {fresh[-1]:.2f} s, right after deleting {2 * a.n}: {after[-1]:.2f} s")
    f, g = statistics.median(fresh), statistics.median(after)
    print(f"{a.n} folders and files: {f:.2f} s fresh, {g:.2f} s right after deleting {2 * a.n} ({g / f:.1f}x), median of {a.runs}")
    shutil.rmtree(a.dir, ignore_errors=True)


if __name__ == "__main__":
    main()
