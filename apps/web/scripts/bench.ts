/**
 * `pnpm bench`: measures, side by side in one run against the production server, what an
 * attacker could learn from response times at sign-in: a wrong password for a real account vs.
 * an unknown email. Reports both medians and their ratio (goal: within 10%). Times are never
 * asserted in tests; this script only reports.
 */
import { rawClient, testClientAddress } from "../test/http-client";
import { startProductionServer } from "../test/production-server";

const SAMPLES = 40;
const PASSWORD = "benchmark passphrase 42";

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[middle] ?? 0) : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}

async function timeSignIn(baseUrl: string, email: string): Promise<number> {
  // A new client address per attempt, so the per-client bucket never answers instead of the hasher.
  const client = rawClient(baseUrl, testClientAddress());
  const started = performance.now();
  const response = await client.mutation("auth.signIn", { email, password: "not the right passphrase" });
  const elapsed = performance.now() - started;
  if (response.status !== 401) throw new Error(`expected 401, got ${response.status}: ${response.text}`);
  return elapsed;
}

async function main(): Promise<void> {
  const server = await startProductionServer();
  try {
    const accounts: string[] = [];
    for (let index = 0; index < SAMPLES; index++) {
      const email = `bench-${index}-${Date.now()}@example.com`;
      const response = await rawClient(server.baseUrl).mutation("auth.signUp", { email, password: PASSWORD });
      if (response.status !== 200) throw new Error(`sign-up failed: ${response.status} ${response.text}`);
      accounts.push(email);
    }
    // Warm-up: the first verification also derives the dummy hash.
    await timeSignIn(server.baseUrl, "warm-up@example.com");

    const wrongPassword: number[] = [];
    const unknownEmail: number[] = [];
    for (let index = 0; index < SAMPLES; index++) {
      // Alternate, so machine noise falls on both sides alike. Each account fails once (no throttle).
      wrongPassword.push(await timeSignIn(server.baseUrl, accounts[index] ?? ""));
      unknownEmail.push(await timeSignIn(server.baseUrl, `nobody-${index}-${Date.now()}@example.com`));
    }
    const known = median(wrongPassword);
    const unknown = median(unknownEmail);
    const difference = Math.abs(known - unknown) / Math.max(known, unknown);
    console.log(`sign-in, wrong password for a real account: median ${known.toFixed(1)} ms (n=${SAMPLES})`);
    console.log(`sign-in, unknown email:                     median ${unknown.toFixed(1)} ms (n=${SAMPLES})`);
    console.log(
      `ratio ${(known / unknown).toFixed(3)}; difference ${(difference * 100).toFixed(1)}% (goal: within 10%)`,
    );
  } finally {
    await server.stop();
  }
}

await main();
