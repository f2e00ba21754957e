"""Prints the benchmark's header: date, machine, library versions, the OpenBLAS and
thread variables, torch's threads and threadpoolctl's view of every BLAS/OpenMP
library with the kernel it runs. compare.py runs it as a child process so that it
sees exactly the environment the implementations see."""

import datetime
import os
import platform
from pathlib import Path

import numpy
import sklearn
import threadpoolctl
import torch


def cpu_model():
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def load_average():
    try:
        return Path("/proc/loadavg").read_text().split()[0]
    except OSError:
        return "unknown"


def print_environment():
    print(f"date: {datetime.datetime.now(datetime.timezone.utc):%Y-%m-%d %H:%M UTC}")
    print(f"machine: {os.cpu_count()} logical CPUs (nproc {len(os.sched_getaffinity(0))}), "
          f"{cpu_model()}, load average (1 min) {load_average()}")
    print(f"python {platform.python_version()}, numpy {numpy.__version__}, "
          f"torch {torch.__version__}, scikit-learn {sklearn.__version__}, "
          f"threadpoolctl {threadpoolctl.__version__}")
    for name in ["OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE", "OMP_NUM_THREADS",
                 "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"]:
        print(f"  {name}={os.environ.get(name, '(unset)')}")
    print(f"torch: {torch.get_num_threads()} intra-op threads, "
          f"{torch.get_num_interop_threads()} inter-op threads, "
          f"CPU capability {torch.backends.cpu.get_cpu_capability()}, "
          f"BLAS {'MKL' if torch.backends.mkl.is_available() else 'not MKL'}")
    print("threadpoolctl:")
    for pool in threadpoolctl.threadpool_info():
        kernel = pool.get("architecture")
        print(f"  {pool['user_api']:6} {pool['internal_api']:9} {pool.get('version') or '':14} "
              f"threads={pool['num_threads']}"
              + (f" kernel={kernel}" if kernel else "")
              + f"  ({Path(pool['filepath']).name})")
    print(flush=True)


if __name__ == "__main__":
    print_environment()
