import { describe, expect, it } from "vitest";
import { parseChildren, parseProcStat, processTree, processTreeCpuMs } from "./process-cpu";

// A real line from /proc/<pid>/stat of a Node server: utime 1234, stime 567.
const STAT_LINE =
  "4242 (node) S 4200 4200 4200 0 -1 4194560 51234 0 12 0 1234 567 0 0 20 0 11 0 987654 1234567890 45678 18446744073709551615 1 1 0 0 0 0 0 4096 134234626 0 0 0 17 1 0 0 0 0 0 0 0 0 0 0 0 0 0\n";

describe("parseProcStat", () => {
  it("reads utime and stime (fields 14 and 15)", () => {
    expect(parseProcStat(STAT_LINE)).toEqual({ user: 1234, system: 567 });
  });

  it("counts fields from the last parenthesis: a command name may contain spaces and ')'", () => {
    const tricky = STAT_LINE.replace("(node)", "(next-server (v16) worker)");
    expect(parseProcStat(tricky)).toEqual({ user: 1234, system: 567 });
  });

  it("refuses text that is not a stat line", () => {
    expect(() => parseProcStat("no such thing")).toThrow(/not a \/proc/);
  });
});

describe("parseChildren", () => {
  it("reads a space-separated list, empty when there are none", () => {
    expect(parseChildren("123 456 ")).toEqual([123, 456]);
    expect(parseChildren("")).toEqual([]);
  });
});

describe.runIf(process.platform === "linux")("on this machine's /proc", () => {
  it("finds this process and counts its CPU time", () => {
    expect(processTree(process.pid)).toContain(process.pid);
    expect(processTreeCpuMs(process.pid)).toBeGreaterThan(0);
  });
});
