/**
 * One run of autocannon against one server, with the server's CPU time read before and after.
 * Latencies come from autocannon's per-response event (sub-millisecond, every status) rather than
 * its histogram (whole milliseconds).
 */
import autocannon from "autocannon";
import { waitUntilIdle } from "./idle";
import type { RawRun } from "./measurement";
import { processTreeCpuMs } from "./process-cpu";
import type { RequestSource } from "./requests";

/** Generous: a slow response is a measurement, not an error. */
const RESPONSE_TIMEOUT_SECONDS = 30;

export interface LoadTarget {
  baseUrl: string;
  pid: number;
}

export interface LoadSettings {
  connections: number;
  seconds: number;
  expectedStatus: number;
}

export function runLoad(target: LoadTarget, source: RequestSource, settings: LoadSettings): Promise<RawRun> {
  const latenciesMs: number[] = [];
  let unexpected = 0;
  const cpuBefore = processTreeCpuMs(target.pid);
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const instance = autocannon(
      {
        url: target.baseUrl,
        connections: settings.connections,
        duration: settings.seconds,
        timeout: RESPONSE_TIMEOUT_SECONDS,
        requests: [
          {
            setupRequest: (request) => {
              const spec = source(target.baseUrl);
              return {
                ...request,
                method: spec.method,
                path: spec.path,
                headers: { ...request.headers, ...spec.headers },
                ...(spec.body === undefined ? {} : { body: spec.body }),
              };
            },
          },
        ],
      },
      (error, result) => {
        const elapsedMs = performance.now() - started;
        if (error) {
          reject(error);
          return;
        }
        // Not in the type definitions: every request written, answered or cut off at the end.
        const sent = (result.requests as { sent?: number }).sent ?? latenciesMs.length;
        const problems = unexpected + result.errors + result.timeouts;
        // The requests cut off at the end still cost the server: their CPU counts once it is done.
        void waitUntilIdle([target.pid]).then((idle) => {
          if (!idle) console.warn(`[bench] ${target.baseUrl} did not go idle after the run`);
          const cpuMs = processTreeCpuMs(target.pid) - cpuBefore;
          resolve({
            latenciesMs,
            elapsedMs,
            served: Math.max(sent, latenciesMs.length),
            cpuMs,
            unexpected: problems,
          });
        });
      },
    );
    instance.on("response", (_client, statusCode, _bytes, responseTime) => {
      latenciesMs.push(responseTime);
      if (statusCode !== settings.expectedStatus) unexpected += 1;
    });
  });
}
