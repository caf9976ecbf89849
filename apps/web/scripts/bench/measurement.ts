import { median, percentile } from "./stats";

/** One run of one scenario against one server. */
export interface Measurement {
  /** Responses per second of wall time (for a sequential run: what one client gets). */
  requestsPerSecond: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  /** Server CPU (user + system, whole process tree) divided by the requests it was sent. */
  cpuMsPerRequest: number;
  /** Responses received, of any status. */
  completed: number;
  /** Responses with another status than expected, plus socket errors and timeouts. */
  unexpected: number;
}

export interface RawRun {
  /** One per response received. */
  latenciesMs: readonly number[];
  elapsedMs: number;
  /** Requests the server was sent: the responses, plus those in flight when a load run stopped. */
  served: number;
  /** Server CPU from the start of the run until the server went idle after it. */
  cpuMs: number;
  unexpected: number;
}

const MS_PER_SECOND = 1000;
const P50 = 0.5;
const P95 = 0.95;
const P99 = 0.99;

export function measure(run: RawRun): Measurement {
  const completed = run.latenciesMs.length;
  return {
    requestsPerSecond: run.elapsedMs > 0 ? (completed * MS_PER_SECOND) / run.elapsedMs : Number.NaN,
    p50Ms: percentile(run.latenciesMs, P50),
    p95Ms: percentile(run.latenciesMs, P95),
    p99Ms: percentile(run.latenciesMs, P99),
    cpuMsPerRequest: run.served > 0 ? run.cpuMs / run.served : Number.NaN,
    completed,
    unexpected: run.unexpected,
  };
}

/**
 * Rounds combined: the median of each figure (one noisy round cannot move it), and the totals of
 * the counts.
 */
export function combineRounds(rounds: readonly Measurement[]): Measurement {
  const of = (pick: (measurement: Measurement) => number): number => median(rounds.map(pick));
  const total = (pick: (measurement: Measurement) => number): number =>
    rounds.reduce((sum, measurement) => sum + pick(measurement), 0);
  return {
    requestsPerSecond: of((m) => m.requestsPerSecond),
    p50Ms: of((m) => m.p50Ms),
    p95Ms: of((m) => m.p95Ms),
    p99Ms: of((m) => m.p99Ms),
    cpuMsPerRequest: of((m) => m.cpuMsPerRequest),
    completed: total((m) => m.completed),
    unexpected: total((m) => m.unexpected),
  };
}
