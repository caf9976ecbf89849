/** Messages more than one router gives, in one place so they never drift apart. */
export const EMAIL_TAKEN_MESSAGE = "Email already registered";
export const INVALID_LINK_MESSAGE =
  "This link is invalid, was already used, or has expired. Please ask for a new one.";
