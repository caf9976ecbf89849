"use client";

import { NETWORK_ERROR_MESSAGE } from "@doable/api/errors";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { beginPasskeySignIn, finishPasskeySignIn } from "~/app/(auth)/passkey-actions";
import { assertPasskey, passkeyPromptMessage } from "~/lib/passkeys";

const SIGNED_IN_PATH = "/dashboard";
const UNUSABLE_PASSKEY_MESSAGE = "This browser could not use the passkey. Please try again.";

/**
 * "Sign in with a passkey" on /signin: any of this site's passkeys, no email needed (discoverable
 * credentials). A passkey is both factors, so no code follows (docs/decisions/0036).
 */
export function PasskeySignIn() {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  function fail(message: string): void {
    setError(message);
    setPending(false);
  }

  async function signIn(): Promise<void> {
    setPending(true);
    setError(null);
    const begun = await beginPasskeySignIn();
    if (!begun.ok) return fail(begun.message);
    let response: Awaited<ReturnType<typeof assertPasskey>>;
    try {
      response = await assertPasskey(begun.value);
    } catch (cause) {
      return fail(passkeyPromptMessage(cause) ?? UNUSABLE_PASSKEY_MESSAGE);
    }
    const finished = await finishPasskeySignIn(response);
    if (!finished.ok) return fail(finished.message);
    router.replace(SIGNED_IN_PATH);
    router.refresh();
  }

  /** A server action that cannot be reached rejects: that is the network, said as the API client says it. */
  const start = (): void => void signIn().catch(() => fail(NETWORK_ERROR_MESSAGE));

  return (
    <div className="stack">
      <div role="alert" className="alert">
        {error}
      </div>
      <button type="button" className="secondary" onClick={start} disabled={pending} aria-busy={pending}>
        Sign in with a passkey
      </button>
    </div>
  );
}
