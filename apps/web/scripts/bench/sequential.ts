/**
 * Requests one after another over one kept-alive connection: what a single client waits on an
 * otherwise idle server. node:http rather than fetch, so nothing asks for compression (autocannon
 * does not either) and the client adds as little as it can to each time.
 */
import { Agent, request } from "node:http";
import { waitUntilIdle } from "./idle";
import type { LoadTarget } from "./load";
import type { RawRun } from "./measurement";
import { processTreeCpuMs } from "./process-cpu";
import type { RequestSource, RequestSpec } from "./requests";

const RESPONSE_TIMEOUT_MS = 30_000;

/** One request; resolves with its status once the whole body has arrived. */
export function send(
  agent: Agent,
  baseUrl: string,
  spec: RequestSpec,
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const outgoing = request(
      new URL(spec.path, baseUrl),
      { method: spec.method, headers: spec.headers, agent, timeout: RESPONSE_TIMEOUT_MS },
      (response) => {
        let body = "";
        response.setEncoding("utf8");
        response.on("data", (chunk: string) => {
          body += chunk;
        });
        response.on("end", () => resolve({ status: response.statusCode ?? 0, body }));
        response.on("error", reject);
      },
    );
    outgoing.on("timeout", () => outgoing.destroy(new Error(`no response in ${RESPONSE_TIMEOUT_MS} ms`)));
    outgoing.on("error", reject);
    outgoing.end(spec.body);
  });
}

export async function runSequential(
  target: LoadTarget,
  source: RequestSource,
  settings: { samples: number; expectedStatus: number },
): Promise<RawRun> {
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  const latenciesMs: number[] = [];
  let unexpected = 0;
  try {
    // One request first, so the connection is open before the clock starts.
    await send(agent, target.baseUrl, source(target.baseUrl));
    const cpuBefore = processTreeCpuMs(target.pid);
    const started = performance.now();
    for (let sample = 0; sample < settings.samples; sample++) {
      const spec = source(target.baseUrl);
      const sent = performance.now();
      const response = await send(agent, target.baseUrl, spec);
      latenciesMs.push(performance.now() - sent);
      if (response.status !== settings.expectedStatus) unexpected += 1;
    }
    const elapsedMs = performance.now() - started;
    await waitUntilIdle([target.pid]); // work the server does after answering (logging) counts too
    const served = latenciesMs.length;
    return { latenciesMs, elapsedMs, served, cpuMs: processTreeCpuMs(target.pid) - cpuBefore, unexpected };
  } finally {
    agent.destroy();
  }
}
