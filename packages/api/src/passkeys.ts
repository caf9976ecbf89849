/**
 * The relying-party half of WebAuthn (docs/decisions/0036): options for the browser and checks of
 * what it answers, with @simplewebauthn/server. The relying party is APP_ORIGIN: its host name is
 * the RP id, and it is the one origin a response may come from.
 */
import {
  consumeWebauthnChallenge,
  issueWebauthnChallenge,
  type SessionTransport,
  WEBAUTHN_CHALLENGE_LIFETIME_MS,
  type WebauthnConsumeFor,
} from "@doable/auth";
import type { Passkey } from "@doable/db";
import {
  type AuthenticationResponseJSON,
  generateAuthenticationOptions,
  generateRegistrationOptions,
  type PublicKeyCredentialCreationOptionsJSON,
  type PublicKeyCredentialRequestOptionsJSON,
  type RegistrationResponseJSON,
  type VerifiedRegistrationResponse,
  verifyAuthenticationResponse,
  verifyRegistrationResponse,
} from "@simplewebauthn/server";
import { COSEALG, decodeClientDataJSON, isoBase64URL } from "@simplewebauthn/server/helpers";
import type { Context } from "./trpc";

/** What the browser shows as the site a passkey is for. */
export const RELYING_PARTY_NAME = "Doable";
/** Key types we accept: Ed25519, P-256 (what nearly every passkey uses) and RSA (Windows Hello). */
const PASSKEY_ALGORITHMS = [COSEALG.EdDSA, COSEALG.ES256, COSEALG.RS256];

export interface RelyingParty {
  id: string;
  origin: string;
}

/** The RP id is APP_ORIGIN's host name, and APP_ORIGIN the only origin a response may come from. */
export function relyingParty(appOrigin: string): RelyingParty {
  const url = new URL(appOrigin);
  return { id: url.hostname, origin: url.origin };
}

/** The WebAuthn user handle: the account's id as its 16 bytes (no email or name in it, as the spec asks). */
function userHandle(userId: string): Uint8Array<ArrayBuffer> {
  return new Uint8Array(Buffer.from(userId.replaceAll("-", ""), "hex"));
}

/** Whether a user handle a sign-in returned names `userId` (an absent one leaves the passkey's owner to decide). */
export function userHandleMatches(handle: string | undefined, userId: string): boolean {
  return handle === undefined || handle === isoBase64URL.fromBuffer(userHandle(userId));
}

/** The challenge the browser signed over, read from its client data; null when that is not readable. */
function signedChallenge(clientDataJSON: string): string | null {
  try {
    const { challenge } = decodeClientDataJSON(clientDataJSON);
    return typeof challenge === "string" ? challenge : null;
  } catch {
    return null;
  }
}

/**
 * Uses up the challenge a response was signed over (see consumeWebauthnChallenge); undefined when
 * it is not one this ceremony may use.
 */
export async function consumeSignedChallenge(
  ctx: Context,
  clientDataJSON: string,
  issuedFor: WebauthnConsumeFor,
): Promise<{ challenge: string; transport: SessionTransport | null } | undefined> {
  const challenge = signedChallenge(clientDataJSON);
  if (challenge === null) return undefined;
  const consumed = await consumeWebauthnChallenge(ctx.db, challenge, issuedFor, ctx.now());
  return consumed && { challenge, transport: consumed.transport };
}

/**
 * Options for `navigator.credentials.create`: a discoverable credential (so sign-in needs no
 * email) with user verification required (so a passkey is both factors); no attestation, we trust
 * the key, not the maker. The user's passkeys are excluded so one authenticator is not added twice.
 */
export async function registrationOptions(
  ctx: Context,
  user: { id: string; email: string; name: string | null },
  existing: Array<{ credentialId: string; transports: string[] }>,
): Promise<PublicKeyCredentialCreationOptionsJSON> {
  const challenge = await issueWebauthnChallenge(
    ctx.db,
    { ceremony: "registration", userId: user.id },
    ctx.now(),
  );
  return generateRegistrationOptions({
    rpName: RELYING_PARTY_NAME,
    rpID: relyingParty(ctx.appOrigin).id,
    userName: user.email,
    userID: userHandle(user.id),
    userDisplayName: user.name ?? user.email,
    challenge: isoBase64URL.toBuffer(challenge),
    timeout: WEBAUTHN_CHALLENGE_LIFETIME_MS,
    attestationType: "none",
    excludeCredentials: existing.map((passkey) => ({
      id: passkey.credentialId,
      transports: passkey.transports,
    })),
    authenticatorSelection: {
      residentKey: "required",
      requireResidentKey: true,
      userVerification: "required",
    },
    supportedAlgorithmIDs: PASSKEY_ALGORITHMS,
  });
}

/**
 * Options for `navigator.credentials.get`, verified by the user: any of this site's discoverable
 * passkeys, or, to confirm a signed-in user (`allowed`), only theirs.
 */
export async function authenticationOptions(
  ctx: Context,
  transport: SessionTransport,
  allowed?: Array<{ credentialId: string; transports: string[] }>,
): Promise<PublicKeyCredentialRequestOptionsJSON> {
  const challenge = await issueWebauthnChallenge(
    ctx.db,
    { ceremony: "authentication", transport },
    ctx.now(),
  );
  return generateAuthenticationOptions({
    rpID: relyingParty(ctx.appOrigin).id,
    challenge: isoBase64URL.toBuffer(challenge),
    timeout: WEBAUTHN_CHALLENGE_LIFETIME_MS,
    userVerification: "required",
    ...(allowed && {
      allowCredentials: allowed.map((passkey) => ({
        id: passkey.credentialId,
        transports: passkey.transports,
      })),
    }),
  });
}

export type VerifiedRegistration = Extract<
  VerifiedRegistrationResponse,
  { verified: true }
>["registrationInfo"];

/**
 * The new credential when the response is a valid, user-verified registration over `challenge`,
 * whose reported id is the signed one; else null.
 */
export async function verifiedRegistration(
  ctx: Context,
  response: RegistrationResponseJSON,
  challenge: string,
): Promise<VerifiedRegistration | null> {
  const party = relyingParty(ctx.appOrigin);
  try {
    const verification = await verifyRegistrationResponse({
      response,
      expectedChallenge: challenge,
      expectedOrigin: party.origin,
      expectedRPID: party.id,
      requireUserVerification: true,
      supportedAlgorithmIDs: PASSKEY_ALGORITHMS,
    });
    // The id the browser reports must be the one the authenticator signed: no two names for one key.
    const signedId = verification.registrationInfo?.credential.id;
    return verification.verified && signedId === response.id ? verification.registrationInfo : null;
  } catch {
    // A malformed or forged response: the library throws to say so; the caller answers one message.
    return null;
  }
}

/**
 * The authenticator's new signature counter when the response is a valid, user-verified assertion
 * by `passkey` over `challenge`, with a counter above the stored one (or both zero, as synced
 * passkeys keep it); else null.
 */
export async function verifiedAssertionCounter(
  ctx: Context,
  response: AuthenticationResponseJSON,
  challenge: string,
  passkey: Pick<Passkey, "credentialId" | "publicKey" | "counter" | "transports">,
): Promise<number | null> {
  const party = relyingParty(ctx.appOrigin);
  try {
    const verification = await verifyAuthenticationResponse({
      response,
      expectedChallenge: challenge,
      expectedOrigin: party.origin,
      expectedRPID: party.id,
      requireUserVerification: true,
      credential: {
        id: passkey.credentialId,
        publicKey: isoBase64URL.toBuffer(passkey.publicKey),
        counter: passkey.counter,
        transports: passkey.transports,
      },
    });
    return verification.verified ? verification.authenticationInfo.newCounter : null;
  } catch {
    return null;
  }
}
