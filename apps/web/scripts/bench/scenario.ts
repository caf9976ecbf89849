/** What `pnpm bench` measures, in the order each round runs it. */
export const SCENARIO_IDS = [
  "badTokenSequential",
  "signInSequential",
  "list",
  "badTokenLoad",
  "health",
  "signInConcurrent",
] as const;

export type ScenarioId = (typeof SCENARIO_IDS)[number];

/**
 * `load`: autocannon keeps `connections` requests in flight for a fixed time. `sequential`: one
 * request at a time on an otherwise idle server, what a single client waits.
 */
export type ScenarioKind = "load" | "sequential";

export interface ScenarioInfo {
  label: string;
  kind: ScenarioKind;
  /** Concurrent requests; 1 for sequential scenarios. */
  connections: number;
  /** Every response should have this status; any other is counted as unexpected. */
  expectedStatus: number;
}

/** Issue 8 measures the list and the bad token at 50 connections. */
export const LOAD_CONNECTIONS = 50;
/** Sign-in under concurrency: issue 8's "10 concurrent". */
export const SIGN_IN_CONNECTIONS = 10;

export const SCENARIOS: Record<ScenarioId, ScenarioInfo> = {
  list: {
    label: `task.list of 50 tasks, ${LOAD_CONNECTIONS} connections`,
    kind: "load",
    connections: LOAD_CONNECTIONS,
    expectedStatus: 200,
  },
  badTokenLoad: {
    label: `bad token -> 401, ${LOAD_CONNECTIONS} connections`,
    kind: "load",
    connections: LOAD_CONNECTIONS,
    expectedStatus: 401,
  },
  badTokenSequential: {
    label: "bad token -> 401, sequential (idle server)",
    kind: "sequential",
    connections: 1,
    expectedStatus: 401,
  },
  health: {
    label: `/api/health, ${LOAD_CONNECTIONS} connections`,
    kind: "load",
    connections: LOAD_CONNECTIONS,
    expectedStatus: 200,
  },
  signInSequential: {
    label: "sign-in, sequential",
    kind: "sequential",
    connections: 1,
    expectedStatus: 200,
  },
  signInConcurrent: {
    label: `sign-in, ${SIGN_IN_CONNECTIONS} concurrent`,
    kind: "load",
    connections: SIGN_IN_CONNECTIONS,
    expectedStatus: 200,
  },
};

export type ServerName = "app" | "bare";
export const SERVER_NAMES: readonly ServerName[] = ["app", "bare"];
export const SERVER_LABELS: Record<ServerName, string> = {
  app: "Doable",
  bare: "bare node:http",
};
