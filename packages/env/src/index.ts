export { parseServerEnv, type ServerEnv, serverEnv } from "./server-env";
export { findWorkspaceRoot } from "./workspace-root";
