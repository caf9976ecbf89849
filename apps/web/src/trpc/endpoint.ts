/**
 * Where the API is served: the Node server routes this path to tRPC (server.ts, api-handler.ts)
 * and the browser's tRPC client calls it (react.tsx). One constant for both; safe in the browser.
 */
export const API_ENDPOINT = "/api/trpc";
