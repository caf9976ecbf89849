/** Issue 8's speed targets, checked against the combined results of a run. */
import type { Measurement } from "./measurement";
import type { ScenarioId, ServerName } from "./scenario";

export type Results = Record<ScenarioId, Record<ServerName, Measurement>>;

export interface Ratio {
  label: string;
  value: number;
}

export interface TargetCheck {
  target: string;
  measured: string;
  pass: boolean;
}

const LIST_MIN_SHARE_OF_BARE = 0.5;
const LIST_MAX_P99_MS = 100;
const BAD_TOKEN_MAX_IDLE_P95_MS = 10;
const SIGN_IN_MAX_VERIFY_MULTIPLE = 1.3;

function ratio(numerator: number, denominator: number): number {
  return denominator > 0 ? numerator / denominator : Number.NaN;
}

function fixed(value: number, digits: number): string {
  return Number.isFinite(value) ? value.toFixed(digits) : "—";
}

export function ratios(results: Results, argon2VerifyMs: number): Ratio[] {
  return [
    {
      label: "task.list req/s, Doable / bare",
      value: ratio(results.list.app.requestsPerSecond, results.list.bare.requestsPerSecond),
    },
    {
      label: "health req/s, Doable / bare",
      value: ratio(results.health.app.requestsPerSecond, results.health.bare.requestsPerSecond),
    },
    {
      label: "bad token req/s under load, Doable / bare",
      value: ratio(results.badTokenLoad.app.requestsPerSecond, results.badTokenLoad.bare.requestsPerSecond),
    },
    {
      label: "sign-in p50 (sequential) / one argon2 verification",
      value: ratio(results.signInSequential.app.p50Ms, argon2VerifyMs),
    },
  ];
}

export function checkTargets(results: Results, argon2VerifyMs: number): TargetCheck[] {
  const listShare = ratio(results.list.app.requestsPerSecond, results.list.bare.requestsPerSecond);
  const listP99 = results.list.app.p99Ms;
  const badTokenP95 = results.badTokenSequential.app.p95Ms;
  const badTokenCpu = results.badTokenLoad.app.cpuMsPerRequest;
  const listCpu = results.list.app.cpuMsPerRequest;
  const signInMultiple = ratio(results.signInSequential.app.p50Ms, argon2VerifyMs);
  return [
    {
      target: `task.list at ${LIST_MIN_SHARE_OF_BARE}x the bare req/s or more`,
      measured: `${fixed(listShare, 2)}x`,
      pass: listShare >= LIST_MIN_SHARE_OF_BARE,
    },
    {
      target: `task.list p99 <= ${LIST_MAX_P99_MS} ms at 50 connections`,
      measured: `${fixed(listP99, 1)} ms`,
      pass: listP99 <= LIST_MAX_P99_MS,
    },
    {
      target: `bad token refused within ${BAD_TOKEN_MAX_IDLE_P95_MS} ms p95 on an idle server`,
      measured: `${fixed(badTokenP95, 1)} ms`,
      pass: badTokenP95 <= BAD_TOKEN_MAX_IDLE_P95_MS,
    },
    {
      target: "bad token under load costs no more server CPU per request than task.list",
      measured: `${fixed(badTokenCpu, 2)} vs ${fixed(listCpu, 2)} ms`,
      pass: badTokenCpu <= listCpu,
    },
    {
      target: `sign-in p50 <= ${SIGN_IN_MAX_VERIFY_MULTIPLE}x one argon2 verification`,
      measured: `${fixed(signInMultiple, 2)}x`,
      pass: signInMultiple <= SIGN_IN_MAX_VERIFY_MULTIPLE,
    },
  ];
}
