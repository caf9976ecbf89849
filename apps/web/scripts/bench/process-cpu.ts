/**
 * CPU time a process tree has used, from Linux's /proc: how `pnpm bench` charges server work to
 * requests without instrumenting the server. The launcher may be a wrapper (tsx starts the real
 * Node process as its child, and esbuild services below that), so the whole tree under the
 * spawned process counts: an idle wrapper adds nothing, and no guess about which process serves
 * can go stale when the way the server is started changes.
 */
import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";

/** Linux's USER_HZ on every common architecture; asked of `getconf` when it can be. */
const DEFAULT_CLOCK_TICKS_PER_SECOND = 100;
const MS_PER_SECOND = 1000;
/** Fields of /proc/<pid>/stat after the ")" closing the command name: 0 is field 3 (state). */
const UTIME_INDEX_AFTER_COMMAND = 11; // field 14
const STIME_INDEX_AFTER_COMMAND = 12; // field 15

export interface CpuTicks {
  user: number;
  system: number;
}

/**
 * utime and stime from the text of /proc/<pid>/stat. The command name (field 2) is in parentheses
 * and may itself contain spaces and parentheses, so fields are counted from the last ")".
 */
export function parseProcStat(text: string): CpuTicks {
  const afterCommand = text
    .slice(text.lastIndexOf(")") + 1)
    .trim()
    .split(/\s+/);
  const user = Number(afterCommand[UTIME_INDEX_AFTER_COMMAND]);
  const system = Number(afterCommand[STIME_INDEX_AFTER_COMMAND]);
  if (!Number.isFinite(user) || !Number.isFinite(system)) {
    throw new Error(`not a /proc/<pid>/stat line: ${text.slice(0, 80)}`);
  }
  return { user, system };
}

/** The pids in a /proc/<pid>/task/<tid>/children file ("123 456 " or empty). */
export function parseChildren(text: string): number[] {
  return text
    .split(/\s+/)
    .filter((field) => field !== "")
    .map(Number);
}

let clockTicksPerSecond: number | null = null;

function ticksPerSecond(): number {
  if (clockTicksPerSecond === null) {
    try {
      clockTicksPerSecond = Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim());
    } catch {
      clockTicksPerSecond = DEFAULT_CLOCK_TICKS_PER_SECOND;
    }
    if (!Number.isFinite(clockTicksPerSecond) || clockTicksPerSecond <= 0) {
      clockTicksPerSecond = DEFAULT_CLOCK_TICKS_PER_SECOND;
    }
  }
  return clockTicksPerSecond;
}

/** A process's direct children (the children files of all its threads). */
function childrenOf(pid: number): number[] {
  let threads: string[];
  try {
    threads = readdirSync(`/proc/${pid}/task`);
  } catch {
    return []; // exited meanwhile
  }
  return threads.flatMap((thread) => {
    try {
      return parseChildren(readFileSync(`/proc/${pid}/task/${thread}/children`, "utf8"));
    } catch {
      return [];
    }
  });
}

/** `pid` and every process below it. */
export function processTree(pid: number): number[] {
  const found: number[] = [];
  const pending = [pid];
  while (pending.length > 0) {
    const next = pending.pop() as number;
    found.push(next);
    pending.push(...childrenOf(next));
  }
  return found;
}

function processCpuTicks(pid: number): number {
  try {
    const ticks = parseProcStat(readFileSync(`/proc/${pid}/stat`, "utf8"));
    return ticks.user + ticks.system;
  } catch {
    return 0; // exited between listing and reading: its time is no longer reported anywhere we look
  }
}

/** User + system CPU milliseconds used so far by `pid` and all its descendants. */
export function processTreeCpuMs(pid: number): number {
  const ticks = processTree(pid).reduce((sum, member) => sum + processCpuTicks(member), 0);
  return (ticks * MS_PER_SECOND) / ticksPerSecond();
}

/** Whether CPU time can be read here at all (Linux with /proc). */
export function canReadProcessCpu(pid: number): boolean {
  try {
    parseProcStat(readFileSync(`/proc/${pid}/stat`, "utf8"));
    return true;
  } catch {
    return false;
  }
}
