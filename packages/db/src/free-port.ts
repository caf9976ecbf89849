import { createServer } from "node:net";

/**
 * A TCP port that was free on `host` a moment ago, for a test server or helper process to
 * listen on. The one implementation: PgBouncer, the throwaway PostgreSQL and the production
 * test server (@doable/test-support) all take their ports from here.
 */
export function freePort(host = "127.0.0.1"): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, host, () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address ? resolve(address.port) : reject()));
    });
  });
}
