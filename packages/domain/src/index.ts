export * from "./due-filter";
export * from "./limits";
export * from "./priority";
export * from "./task-sort";
export * from "./task-status";
export * from "./time";
export * from "./user";
