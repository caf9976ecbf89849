/** One argon2id verification timed in this process: the floor under any sign-in. */
import { verifyPassword } from "@doable/auth";

/** Milliseconds of each of `samples` verifications of `password` against `passwordHash`. */
export async function timeArgon2Verify(
  passwordHash: string,
  password: string,
  samples: number,
): Promise<number[]> {
  const times: number[] = [];
  for (let sample = 0; sample < samples; sample++) {
    const started = performance.now();
    const ok = await verifyPassword(passwordHash, password);
    times.push(performance.now() - started);
    if (!ok) throw new Error("the seeded password hash does not verify");
  }
  return times;
}
