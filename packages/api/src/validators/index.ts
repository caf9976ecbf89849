export * from "./account";
export * from "./auth";
export * from "./limits";
export * from "./task";
export * from "./time-zone";
export * from "./passkeys";
export * from "./project";
