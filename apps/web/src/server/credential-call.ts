import "server-only";
import { type Caller, createCaller, createTRPCContext, fieldErrorsOf } from "@doable/api";
import { GENERIC_ERROR_MESSAGE, UNAVAILABLE_MESSAGE } from "@doable/api/errors";
import { cookiePolicyForOrigin, isCrossSiteForgery } from "@doable/auth";
import { serverEnv } from "@doable/env";
import { TRPCError } from "@trpc/server";
import { cookies, headers } from "next/headers";
import { requestClientAddress } from "./client-address";
import { database } from "./database";
import { logger } from "./logger";
import { parseSetCookie } from "./set-cookie";
import { sharedMailer } from "./shared-mailer";

/** Why a call from a form did not succeed, in the words the form shows. */
export interface CallFailure {
  /** The first message for each input field at fault (a BAD_REQUEST's field errors). */
  fieldErrors: Record<string, string>;
  /** Everything else: wrong credentials, a wait (its length is in the words), an outage. */
  message: string | null;
  /** The procedure's answer was UNAUTHORIZED (a wrong password or code). */
  unauthorized: boolean;
}

export type CallResult<T> = { ok: true; value: T } | { ok: false; failure: CallFailure };

const FORGERY_MESSAGE = "Cross-site request refused";

function firstFieldErrors(error: TRPCError): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [field, messages] of Object.entries(fieldErrorsOf(error) ?? {})) {
    const first = messages[0];
    if (first !== undefined) result[field] = first;
  }
  return result;
}

/** The same words the browser's API client shows for the same error (~/trpc/errors' humanMessage). */
function failureOf(error: unknown, requestId: string, procedure: string): CallFailure {
  const trpcError = error instanceof TRPCError ? error : null;
  const code = trpcError?.code ?? "INTERNAL_SERVER_ERROR";
  if (code === "INTERNAL_SERVER_ERROR") {
    logger.error({ requestId, procedure, err: error }, "procedure failed");
    const message = `${GENERIC_ERROR_MESSAGE} (reference ${requestId})`;
    return { fieldErrors: {}, message, unauthorized: false };
  }
  logger.info({ requestId, procedure, code }, "procedure refused");
  const fieldErrors = trpcError ? firstFieldErrors(trpcError) : {};
  const message =
    code === "SERVICE_UNAVAILABLE"
      ? UNAVAILABLE_MESSAGE
      : Object.keys(fieldErrors).length > 0
        ? null
        : (trpcError?.message ?? GENERIC_ERROR_MESSAGE);
  return { fieldErrors, message, unauthorized: code === "UNAUTHORIZED" };
}

/**
 * Calls API procedures in-process for a form posted to this server (a server action), as the API
 * endpoint would for the same request: the same CSRF rule (login CSRF: `procedure` starts a
 * session), the client's address for throttling, the server's mailer, and the cookies the
 * procedure sets passed on to the browser. Works for a form sent before the page is hydrated.
 */
export async function callFromForm<T>(
  procedure: string,
  call: (api: Caller) => Promise<T>,
): Promise<CallResult<T>> {
  const env = serverEnv();
  const requestHeaders = new Headers(await headers());
  const cookiePolicy = cookiePolicyForOrigin(env.appOrigin);
  const requestId = crypto.randomUUID();
  const forged = isCrossSiteForgery(
    { method: "POST", headers: requestHeaders, procedures: [procedure] },
    { appOrigin: env.appOrigin, cookiePolicy },
  );
  if (forged) {
    logger.warn({ requestId, procedure, status: 403 }, "request refused");
    return { ok: false, failure: { fieldErrors: {}, message: FORGERY_MESSAGE, unauthorized: false } };
  }
  const resHeaders = new Headers();
  const context = createTRPCContext({
    db: database(),
    headers: requestHeaders,
    resHeaders,
    cookiePolicy,
    clientIp: requestClientAddress(requestHeaders),
    requestId,
    mailer: sharedMailer(),
    appOrigin: env.appOrigin,
  });
  let result: CallResult<T>;
  try {
    result = { ok: true, value: await call(createCaller(context)) };
  } catch (error) {
    result = { ok: false, failure: failureOf(error, requestId, procedure) };
  }
  // Also after a failure: a refused sign-in may still end the session that was presented.
  const jar = await cookies();
  for (const line of resHeaders.getSetCookie()) jar.set(parseSetCookie(line));
  return result;
}
