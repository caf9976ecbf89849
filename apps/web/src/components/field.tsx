import type { ReactNode } from "react";

/** What `<Field>` hands its control: the id the label points at, and the error and hint wiring. */
export interface FieldControlProps {
  id: string;
  "aria-invalid": true | undefined;
  "aria-describedby": string | undefined;
}

interface FieldProps {
  /** The control's id; the hint is `${id}-hint` and the error `${id}-error`. */
  id: string;
  label: ReactNode;
  /** Shown under the control and read with it. */
  hint?: ReactNode;
  /** Shown under the control; marks it invalid and is read with it (before the hint). */
  error?: string | null | undefined;
  /** Announce the error the moment it appears (role="alert"). */
  alertOnError?: boolean;
  /** More classes beside "field". */
  className?: string;
  children: (control: FieldControlProps) => ReactNode;
}

/** A label, its control, an optional hint and an optional error: the block every form repeats. */
export function Field({ id, label, hint, error, alertOnError = false, className, children }: FieldProps) {
  const hintId = hint ? `${id}-hint` : null;
  const errorId = error ? `${id}-error` : null;
  const describedBy = [errorId, hintId].filter(Boolean).join(" ") || undefined;
  return (
    <div className={className ? `field ${className}` : "field"}>
      <label htmlFor={id}>{label}</label>
      {children({ id, "aria-invalid": error ? true : undefined, "aria-describedby": describedBy })}
      {hintId && (
        <span id={hintId} className="field-hint">
          {hint}
        </span>
      )}
      {errorId && (
        <span id={errorId} role={alertOnError ? "alert" : undefined} className="field-error">
          {error}
        </span>
      )}
    </div>
  );
}
