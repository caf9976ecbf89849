/**
 * Can response time tell whether an account exists? Sign-in with a wrong password for a real
 * account vs. an unknown email, alternating so machine noise falls on both alike; the medians
 * should be within 10% of each other. Each account fails once, so its throttle never answers.
 */
import { Agent } from "node:http";
import { ENUMERATION_MAX_DIFFERENCE, type EnumerationCheck } from "./performance-doc";
import { passwordResetRequest, type RequestSpec, signInRequest } from "./requests";
import { send } from "./sequential";
import { median } from "./stats";

const WRONG_PASSWORD = "not the right passphrase";
const UNAUTHORIZED = 401;
const OK = 200;
/**
 * A pause before every timed reset request, known or unknown alike: a known email's message is
 * sent after its answer, and this bench receives it in its own process; without the pause that
 * work would land on the next request's clock (the unknown one) and be measured as its latency.
 */
const RESET_PAUSE_MS = 100;

function pause(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, RESET_PAUSE_MS));
}

async function timeRequest(
  agent: Agent,
  baseUrl: string,
  spec: RequestSpec,
  expected: number,
): Promise<number> {
  const started = performance.now();
  const response = await send(agent, baseUrl, spec);
  const elapsed = performance.now() - started;
  if (response.status !== expected) {
    throw new Error(`expected ${expected}, got ${response.status}: ${response.body}`);
  }
  return elapsed;
}

/**
 * "Forgot password" for a real account vs. an unknown email, alternating: the answer is the same,
 * and so should the time be (the reset link is queued after the answer, never sent in it). The
 * server must have mail (an SMTP server) or both would be refused alike. Each account once: its
 * email bucket allows 3.
 */
export async function checkResetEnumeration(
  baseUrl: string,
  accounts: readonly string[],
): Promise<EnumerationCheck> {
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  try {
    await timeRequest(agent, baseUrl, passwordResetRequest(baseUrl, "warm-up-reset@example.com"), OK);
    const known: number[] = [];
    const unknown: number[] = [];
    for (const [index, email] of accounts.entries()) {
      await pause();
      known.push(await timeRequest(agent, baseUrl, passwordResetRequest(baseUrl, email), OK));
      await pause();
      const nobody = `nobody-reset-${index}-${Date.now()}@example.com`;
      unknown.push(await timeRequest(agent, baseUrl, passwordResetRequest(baseUrl, nobody), OK));
    }
    const knownEmailMs = median(known);
    const unknownEmailMs = median(unknown);
    const difference = Math.abs(knownEmailMs - unknownEmailMs) / Math.max(knownEmailMs, unknownEmailMs);
    return {
      samples: accounts.length,
      knownEmailMs,
      unknownEmailMs,
      difference,
      pass: difference <= ENUMERATION_MAX_DIFFERENCE,
    };
  } finally {
    agent.destroy();
  }
}

async function timeFailedSignIn(agent: Agent, baseUrl: string, email: string): Promise<number> {
  const started = performance.now();
  const response = await send(agent, baseUrl, signInRequest(baseUrl, email, WRONG_PASSWORD));
  const elapsed = performance.now() - started;
  if (response.status !== UNAUTHORIZED) {
    throw new Error(`expected ${UNAUTHORIZED}, got ${response.status}: ${response.body}`);
  }
  return elapsed;
}

/** `accounts`: real emails not used again in this run (a failed sign-in locks one for a second). */
export async function checkEnumeration(
  baseUrl: string,
  accounts: readonly string[],
): Promise<EnumerationCheck> {
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  try {
    await timeFailedSignIn(agent, baseUrl, "warm-up-unknown@example.com");
    const known: number[] = [];
    const unknown: number[] = [];
    for (const [index, email] of accounts.entries()) {
      known.push(await timeFailedSignIn(agent, baseUrl, email));
      unknown.push(await timeFailedSignIn(agent, baseUrl, `nobody-${index}-${Date.now()}@example.com`));
    }
    const knownEmailMs = median(known);
    const unknownEmailMs = median(unknown);
    const difference = Math.abs(knownEmailMs - unknownEmailMs) / Math.max(knownEmailMs, unknownEmailMs);
    return {
      samples: accounts.length,
      knownEmailMs,
      unknownEmailMs,
      difference,
      pass: difference <= ENUMERATION_MAX_DIFFERENCE,
    };
  } finally {
    agent.destroy();
  }
}
