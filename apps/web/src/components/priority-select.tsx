import { PRIORITIES_HIGHEST_FIRST, PRIORITY_LABELS } from "@doable/domain";
import type { ComponentProps } from "react";

interface PrioritySelectProps extends Omit<ComponentProps<"select">, "children"> {
  /** A first, empty choice meaning "no priority chosen" (a filter's "Any"). */
  anyLabel?: string;
}

/** The priorities, highest first, as people pick them. */
export function PrioritySelect({ anyLabel, ...props }: PrioritySelectProps) {
  return (
    <select {...props}>
      {anyLabel !== undefined && <option value="">{anyLabel}</option>}
      {PRIORITIES_HIGHEST_FIRST.map((priority) => (
        <option key={priority} value={priority}>
          {PRIORITY_LABELS[priority]}
        </option>
      ))}
    </select>
  );
}
