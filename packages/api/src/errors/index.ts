/**
 * `@doable/api/errors`: what both clients (web and CLI) need at run time to talk about errors.
 * Browser-safe and server-free: nothing here may import a server module, a Node built-in or a
 * package the CLI bundle cannot carry (apps/cli/scripts/build.mjs fails the build otherwise).
 * The *shape* of an error's data is not here: clients infer it from `AppRouter`
 * (`TRPCClientError<AppRouter>`), as the server's errorFormatter (src/trpc.ts) writes it.
 */
export { causeChain } from "./cause-chain";
export {
  BUSY_MESSAGE,
  GENERIC_ERROR_MESSAGE,
  INVALID_INPUT_MESSAGE,
  NETWORK_ERROR_MESSAGE,
  STALE_VERSION_MESSAGE,
  UNAVAILABLE_MESSAGE,
} from "./messages";
