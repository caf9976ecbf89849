export * from "./csv";
export * from "./file-due";
export * from "./import-tasks";
export * from "./pages";
export * from "./throttle-retry";
export * from "./todoist";
export * from "./transfer";
export * from "./uuid";
