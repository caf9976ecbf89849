/**
 * What the sign-in and sign-up forms show after a submission: the answer of their server actions
 * (app/(auth)/credential-actions.ts). The same state renders a page posted before hydration and
 * updates a hydrated one, so the forms behave alike with and without their script.
 */
export type CredentialField = "name" | "email" | "password" | "code";

export interface CredentialFormState {
  /** What was typed, sent back so a page rendered from a posted form keeps it; never the password. */
  email: string;
  name: string;
  /** The first message for each field at fault, shown beside it. */
  fieldErrors: Partial<Record<CredentialField, string>>;
  /** About the whole form: wrong credentials, a wait (with its length), an outage. */
  formError: string | null;
  /** auth.signIn's challenge once the password was right and a second factor is asked for. */
  challenge: string | null;
}

export const EMPTY_CREDENTIAL_STATE: CredentialFormState = {
  email: "",
  name: "",
  fieldErrors: {},
  formError: null,
  challenge: null,
};
