"""Start the five services and the simulators as real processes (demo, e2e tests, benchmarks)."""

from scripts.system.processes import PROCESSES, ProcessSpec, RunningSystem, start_system

__all__ = ["PROCESSES", "ProcessSpec", "RunningSystem", "start_system"]
