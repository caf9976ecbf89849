import { NAME_MAX_LENGTH } from "@doable/domain";
import { z } from "zod";
import { deviceTokenSchema, passwordAttemptSchema } from "./auth";

/**
 * Bounds on what a browser sends back from a WebAuthn ceremony: far above real responses (an
 * attestation object with a certificate chain is a few KB), small enough that nobody can make the
 * server decode megabytes.
 */
const CREDENTIAL_ID_MAX_LENGTH = 1024;
const CLIENT_DATA_MAX_LENGTH = 4096;
const AUTHENTICATOR_OBJECT_MAX_LENGTH = 16_384;
const TRANSPORT_MAX_LENGTH = 32;
const TRANSPORTS_MAX_COUNT = 8;

const base64url = (max: number) =>
  z
    .string()
    .min(1)
    .max(max)
    .regex(/^[A-Za-z0-9_-]+={0,2}$/, "Invalid encoding");

/**
 * Extension outputs the browser reports; none is acted on. Known ones are typed so a browser's
 * answer passes as it is, anything else is dropped.
 */
const clientExtensionResultsSchema = z
  .object({
    appid: z.boolean().optional(),
    credProps: z.object({ rk: z.boolean().optional() }).optional(),
    hmacCreateSecret: z.boolean().optional(),
  })
  .default({});

const transportsSchema = z.array(z.string().max(TRANSPORT_MAX_LENGTH)).max(TRANSPORTS_MAX_COUNT);

/** `PublicKeyCredential.toJSON()` of `navigator.credentials.create`, as @simplewebauthn/browser gives it. */
export const registrationResponseSchema = z.object({
  id: base64url(CREDENTIAL_ID_MAX_LENGTH),
  rawId: base64url(CREDENTIAL_ID_MAX_LENGTH),
  type: z.literal("public-key"),
  response: z.object({
    clientDataJSON: base64url(CLIENT_DATA_MAX_LENGTH),
    attestationObject: base64url(AUTHENTICATOR_OBJECT_MAX_LENGTH),
    transports: transportsSchema.optional(),
  }),
  authenticatorAttachment: z.enum(["platform", "cross-platform"]).optional(),
  clientExtensionResults: clientExtensionResultsSchema,
});

/** `PublicKeyCredential.toJSON()` of `navigator.credentials.get`. */
export const authenticationResponseSchema = z.object({
  id: base64url(CREDENTIAL_ID_MAX_LENGTH),
  rawId: base64url(CREDENTIAL_ID_MAX_LENGTH),
  type: z.literal("public-key"),
  response: z.object({
    clientDataJSON: base64url(CLIENT_DATA_MAX_LENGTH),
    authenticatorData: base64url(AUTHENTICATOR_OBJECT_MAX_LENGTH),
    signature: base64url(AUTHENTICATOR_OBJECT_MAX_LENGTH),
    userHandle: base64url(CREDENTIAL_ID_MAX_LENGTH).optional(),
  }),
  authenticatorAttachment: z.enum(["platform", "cross-platform"]).optional(),
  clientExtensionResults: clientExtensionResultsSchema,
});

/** A passkey's name as typed: trimmed, bounded like other names, never empty. */
export const passkeyNameSchema = z
  .string()
  .trim()
  .min(1, "Name is required")
  .max(NAME_MAX_LENGTH, `Name must be at most ${NAME_MAX_LENGTH} characters`)
  // PostgreSQL text cannot hold U+0000: bad input, not a database error.
  .refine((value) => !value.includes("\u0000"), "Name cannot contain a NUL character");

const passkeyIdSchema = z.uuid("Invalid passkey id");

export const finishPasskeyRegistrationInput = z.strictObject({
  response: registrationResponseSchema,
  /** Left out, the passkey is named after the device it was added on. */
  name: passkeyNameSchema.optional(),
});

export const renamePasskeyInput = z.strictObject({ id: passkeyIdSchema, name: passkeyNameSchema });

/** Removing a passkey needs the password again (docs/decisions/0036). */
export const removePasskeyInput = z.strictObject({ id: passkeyIdSchema, password: passwordAttemptSchema });

export const beginPasskeySignInInput = z
  .strictObject({ transport: z.enum(["cookie", "bearer"]).default("cookie") })
  .default({ transport: "cookie" });

/** A CLI presents its device token here as it does to `auth.signIn`; a browser's is its cookie. */
export const finishPasskeySignInInput = z.strictObject({
  response: authenticationResponseSchema,
  deviceToken: deviceTokenSchema,
});

export type FinishPasskeyRegistrationInput = z.input<typeof finishPasskeyRegistrationInput>;
export type FinishPasskeySignInInput = z.input<typeof finishPasskeySignInInput>;

/** A passkey's answer in place of the password, for a change that needs a fresh sign-in (ADR 0040). */
export const confirmWithPasskeyInput = z.strictObject({ response: authenticationResponseSchema });
