export { commitWithoutFlush, commitWithoutFlushCondition, writeBookkeeping } from "./bookkeeping-write";
export {
  createPgliteHandle,
  createPostgresHandle,
  type Database,
  type DatabaseConfig,
  type DatabaseHandle,
  openDatabase,
  type Unlisten,
} from "./client";
export { databaseConfigFromEnv } from "./database-from-env";
export {
  isCheckViolation,
  isDatabaseUnavailable,
  isInvalidParameterValue,
  isUniqueViolation,
} from "./errors";
export { databaseAnswers } from "./health";
export { publicUserColumns } from "./public-user";
export { builtOncePerDatabase, reuseBuiltQuery } from "./reused-query";
export * from "./schema";
