import { PASSWORD_MAX_LENGTH } from "@doable/domain";
import type { FieldControlProps } from "./field";

/**
 * The browser's `maxLength` counts UTF-16 code units, the password limit code points: a passphrase
 * of the longest allowed length in characters outside the Basic Multilingual Plane needs twice as
 * many units. The server enforces the real limit.
 */
const PASSWORD_MAX_CODE_UNITS = PASSWORD_MAX_LENGTH * 2;

interface PasswordInputProps {
  control: FieldControlProps;
  name: string;
  autoComplete: "current-password" | "new-password";
  required?: boolean;
}

/** A password box inside a `<Field>`: the one place its type, autocomplete and length cap are set. */
export function PasswordInput({ control, name, autoComplete, required }: PasswordInputProps) {
  return (
    <input
      {...control}
      name={name}
      type="password"
      autoComplete={autoComplete}
      maxLength={PASSWORD_MAX_CODE_UNITS}
      required={required}
    />
  );
}
