/** The machine a run measured on, written beside the numbers: they mean little without it. */
import { readFileSync } from "node:fs";
import { availableParallelism, cpus, loadavg, release, type } from "node:os";

export interface Environment {
  cpuModel: string;
  cores: number;
  node: string;
  postgres: string;
  kernel: string;
  /** 1-minute load average when the run started: other work on a shared machine shows here. */
  loadAverage: number;
  date: string;
}

function cpuModel(): string {
  try {
    const line = readFileSync("/proc/cpuinfo", "utf8")
      .split("\n")
      .find((entry) => entry.startsWith("model name"));
    if (line) return line.slice(line.indexOf(":") + 1).trim();
  } catch {
    // not Linux: os.cpus() knows the model too
  }
  return cpus()[0]?.model ?? "unknown";
}

export function describeEnvironment(postgresVersion: string, now: Date): Environment {
  return {
    cpuModel: cpuModel(),
    cores: availableParallelism(),
    node: process.version,
    postgres: postgresVersion,
    kernel: `${type()} ${release()}`,
    loadAverage: loadavg()[0] ?? 0,
    date: now.toISOString(),
  };
}
