export * from "./account";
export * from "./auth";
export * from "./limits";
export * from "./task";
