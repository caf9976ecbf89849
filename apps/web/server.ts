/**
 * Doable's HTTP server: Next.js behind a thin Node server that knows what route handlers cannot,
 * the client's socket address, and puts the security headers on every response.
 * `pnpm start` runs it in production, `pnpm dev` in development.
 */
import { randomBytes } from "node:crypto";
import { createServer } from "node:http";
import { fileURLToPath } from "node:url";
import { passwords } from "@doable/auth";
import { serverEnv } from "@doable/env";
import next from "next";
import {
  CLIENT_ADDRESS_HEADER,
  clientAddress,
  markClientAddressHeaderTrusted,
} from "./src/server/client-address";
import { contentSecurityPolicy, securityHeaders } from "./src/server/security-headers";

const NONCE_BYTES = 16;

function settings() {
  try {
    return serverEnv();
  } catch (error) {
    console.error((error as Error).message);
    process.exit(1);
  }
}

const env = settings();
const development = env.nodeEnv === "development";
const https = new URL(env.appOrigin).protocol === "https:";
const staticHeaders = securityHeaders({ https });

const app = next({ dev: development, dir: fileURLToPath(new URL(".", import.meta.url)) });
const handle = app.getRequestHandler();
await app.prepare();
markClientAddressHeaderTrusted();
// Derive the dummy hash now, so the first sign-in with an unknown email is not the slow one.
await passwords.verifyAgainstDummy("warm-up");

const server = createServer((request, response) => {
  request.headers[CLIENT_ADDRESS_HEADER] = clientAddress(
    request.socket.remoteAddress,
    request.headers["x-forwarded-for"],
    env.trustProxyHops,
  );
  const nonce = randomBytes(NONCE_BYTES).toString("base64");
  const policy = contentSecurityPolicy(nonce, { https, development });
  // Next reads the nonce from the request's policy and stamps it on every script it renders.
  request.headers["content-security-policy"] = policy;
  response.setHeader("content-security-policy", policy);
  for (const [name, value] of Object.entries(staticHeaders)) response.setHeader(name, value);
  void handle(request, response);
});

server.listen(env.port, env.host, () => {
  console.log(`Doable ready on ${env.appOrigin} (listening on ${env.host}:${env.port})`);
});

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    server.close(() => process.exit(0));
    server.closeAllConnections();
  });
}
