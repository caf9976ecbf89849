import { existsSync } from "node:fs";
import { dirname, join } from "node:path";

const WORKSPACE_MARKER = "pnpm-workspace.yaml";

/** The monorepo root: the nearest ancestor of `from` holding pnpm-workspace.yaml, else `from`. */
export function findWorkspaceRoot(from: string): string {
  let current = from;
  for (;;) {
    if (existsSync(join(current, WORKSPACE_MARKER))) return current;
    const parent = dirname(current);
    if (parent === current) return from;
    current = parent;
  }
}
