export { type ServerEnv, parseServerEnv, serverEnv } from "./server-env";
export { findWorkspaceRoot } from "./workspace-root";
