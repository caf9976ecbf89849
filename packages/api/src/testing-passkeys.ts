/**
 * A software passkey for router tests: an ES256 key pair in node:crypto that answers WebAuthn
 * ceremonies the way a platform authenticator does ("none" attestation, CBOR attestation object,
 * DER signatures over authenticator data and the client data's hash), so the server's real
 * verification runs on every test.
 */
import { createHash, generateKeyPairSync, type KeyObject, randomBytes, sign } from "node:crypto";
import type {
  AuthenticationResponseJSON,
  PublicKeyCredentialCreationOptionsJSON,
  PublicKeyCredentialRequestOptionsJSON,
  RegistrationResponseJSON,
} from "@simplewebauthn/server";
import { isoCBOR } from "@simplewebauthn/server/helpers";
import { TEST_ORIGIN } from "./testing";

/** Authenticator data flags (WebAuthn §6.1): user present, user verified, attested credential data. */
const FLAG_USER_PRESENT = 0x01;
const FLAG_USER_VERIFIED = 0x04;
const FLAG_ATTESTED_CREDENTIAL = 0x40;
const CREDENTIAL_ID_BYTES = 32;
/** An all-zero AAGUID: the authenticator does not say what it is ("none" attestation). */
const AAGUID = Buffer.alloc(16);
/** COSE key parameters (RFC 9053): an EC2 key on P-256 for ES256. */
const COSE_KTY = 1;
const COSE_ALG = 3;
const COSE_CRV = -1;
const COSE_X = -2;
const COSE_Y = -3;
const COSE_KTY_EC2 = 2;
const COSE_ALG_ES256 = -7;
const COSE_CRV_P256 = 1;
const COUNTER_BYTES = 4;

export interface SoftPasskey {
  credentialId: string;
  privateKey: KeyObject;
  cosePublicKey: Uint8Array;
  /** The user handle the site gave at registration (base64url), returned at every sign-in. */
  userHandle: string;
  /** The signature counter; each assertion moves it on by one. */
  counter: number;
}

/** How a response departs from an honest one, for the tests of what the server refuses. */
export interface CeremonyOverrides {
  origin?: string;
  userVerified?: boolean;
  /** Sign with this counter instead of the next one (a cloned authenticator). */
  counter?: number;
  userHandle?: string;
  /** Sign over this challenge instead of the one offered. */
  challenge?: string;
}

function coseKey(publicKey: KeyObject): Uint8Array {
  const jwk = publicKey.export({ format: "jwk" });
  if (!jwk.x || !jwk.y) throw new Error("not an EC public key");
  return isoCBOR.encode(
    new Map<number, number | Uint8Array>([
      [COSE_KTY, COSE_KTY_EC2],
      [COSE_ALG, COSE_ALG_ES256],
      [COSE_CRV, COSE_CRV_P256],
      [COSE_X, new Uint8Array(Buffer.from(jwk.x, "base64url"))],
      [COSE_Y, new Uint8Array(Buffer.from(jwk.y, "base64url"))],
    ]),
  );
}

function newKeyPair(): { privateKey: KeyObject; cosePublicKey: Uint8Array } {
  const { privateKey, publicKey } = generateKeyPairSync("ec", { namedCurve: "P-256" });
  return { privateKey, cosePublicKey: coseKey(publicKey) };
}

function clientData(type: "webauthn.create" | "webauthn.get", challenge: string, origin: string): Buffer {
  return Buffer.from(JSON.stringify({ type, challenge, origin, crossOrigin: false }));
}

function authenticatorData(
  rpId: string,
  flags: number,
  counter: number,
  attested: Buffer = Buffer.alloc(0),
): Buffer {
  const count = Buffer.alloc(COUNTER_BYTES);
  count.writeUInt32BE(counter);
  const rpIdHash = createHash("sha256").update(rpId).digest();
  return Buffer.concat([rpIdHash, Buffer.from([flags]), count, attested]);
}

function verificationFlags(overrides: CeremonyOverrides): number {
  return FLAG_USER_PRESENT | (overrides.userVerified === false ? 0 : FLAG_USER_VERIFIED);
}

/**
 * Answers `account.passkeys.beginRegistration`'s options with a new credential: the passkey to keep
 * for later sign-ins, and the response to send to `finishRegistration`.
 */
export function registerSoftPasskey(
  options: PublicKeyCredentialCreationOptionsJSON,
  overrides: CeremonyOverrides = {},
  /** Registers this credential again (an authenticator the browser did not stop), instead of a new one. */
  again?: SoftPasskey,
): { passkey: SoftPasskey; response: RegistrationResponseJSON } {
  const { privateKey, cosePublicKey } = again ?? newKeyPair();
  const id = again ? Buffer.from(again.credentialId, "base64url") : randomBytes(CREDENTIAL_ID_BYTES);
  const idLength = Buffer.alloc(2);
  idLength.writeUInt16BE(id.length);
  const attested = Buffer.concat([AAGUID, idLength, id, cosePublicKey]);
  const authData = authenticatorData(
    options.rp.id ?? new URL(TEST_ORIGIN).hostname,
    verificationFlags(overrides) | FLAG_ATTESTED_CREDENTIAL,
    0,
    attested,
  );
  const attestationObject = isoCBOR.encode(
    new Map<string, string | Map<string, string> | Uint8Array>([
      ["fmt", "none"],
      ["attStmt", new Map<string, string>()],
      ["authData", new Uint8Array(authData)],
    ]),
  );
  const credentialId = id.toString("base64url");
  const clientDataJSON = clientData(
    "webauthn.create",
    overrides.challenge ?? options.challenge,
    overrides.origin ?? TEST_ORIGIN,
  );
  return {
    passkey: { credentialId, privateKey, cosePublicKey, userHandle: options.user.id, counter: 0 },
    response: {
      id: credentialId,
      rawId: credentialId,
      type: "public-key",
      response: {
        clientDataJSON: clientDataJSON.toString("base64url"),
        attestationObject: Buffer.from(attestationObject).toString("base64url"),
        transports: ["internal"],
      },
      authenticatorAttachment: "platform",
      clientExtensionResults: {},
    },
  };
}

/**
 * Answers `auth.passkey.begin`'s options with an assertion by `passkey`, moving its counter on
 * (unless a counter is forced), as an authenticator does.
 */
export function signWithSoftPasskey(
  passkey: SoftPasskey,
  options: PublicKeyCredentialRequestOptionsJSON,
  overrides: CeremonyOverrides = {},
): AuthenticationResponseJSON {
  const counter = overrides.counter ?? passkey.counter + 1;
  passkey.counter = Math.max(passkey.counter, counter);
  const authData = authenticatorData(
    options.rpId ?? new URL(TEST_ORIGIN).hostname,
    verificationFlags(overrides),
    counter,
  );
  const clientDataJSON = clientData(
    "webauthn.get",
    overrides.challenge ?? options.challenge,
    overrides.origin ?? TEST_ORIGIN,
  );
  const signed = Buffer.concat([authData, createHash("sha256").update(clientDataJSON).digest()]);
  return {
    id: passkey.credentialId,
    rawId: passkey.credentialId,
    type: "public-key",
    response: {
      clientDataJSON: clientDataJSON.toString("base64url"),
      authenticatorData: authData.toString("base64url"),
      signature: sign("sha256", signed, passkey.privateKey).toString("base64url"),
      userHandle: overrides.userHandle ?? passkey.userHandle,
    },
    authenticatorAttachment: "platform",
    clientExtensionResults: {},
  };
}
