/** The pages an emailed link opens, with its token in the query string (`?token=…`). */
export const RESET_PASSWORD_PATH = "/reset-password";
export const VERIFY_EMAIL_PATH = "/verify-email";
/** Pages whose URL carries a token: served with no Referer at all, and the token is taken out of the address bar. */
export const TOKEN_PAGE_PATHS: readonly string[] = [RESET_PASSWORD_PATH, VERIFY_EMAIL_PATH];
