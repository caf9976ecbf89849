import type { NextConfig } from "next";

const config: NextConfig = {
  // Workspace packages ship TypeScript source; Next compiles them with the app.
  transpilePackages: [
    "@doable/api",
    "@doable/auth",
    "@doable/db",
    "@doable/domain",
    "@doable/env",
    "@doable/transfer",
  ],
  // Native addons and WebAssembly files load from node_modules at run time, not from the bundle.
  serverExternalPackages: ["@electric-sql/pglite", "@node-rs/argon2", "postgres"],
  poweredByHeader: false,
  reactStrictMode: true,
};

export default config;
