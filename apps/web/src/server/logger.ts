import "server-only";
import pino from "pino";

/**
 * Structured JSON logs on stdout. Field names that could ever hold a secret are censored, as a
 * second line of defence: the code logs no inputs, headers or tokens in the first place.
 */
export const logger = pino({
  base: { service: "doable-web" },
  redact: {
    paths: [
      "*.password",
      "*.currentPassword",
      "*.newPassword",
      "*.token",
      "*.authorization",
      "*.cookie",
      "headers.authorization",
      "headers.cookie",
    ],
    censor: "[redacted]",
  },
});
