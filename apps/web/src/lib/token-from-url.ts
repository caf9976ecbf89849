/**
 * Reads `?token=` from the address bar once and takes it out of the URL (history, a copied
 * address and later Referers never carry it). The pages that use it also send no Referer at all.
 */
export function takeTokenFromUrl(): string | null {
  const url = new URL(window.location.href);
  const token = url.searchParams.get("token");
  if (token === null) return null;
  url.searchParams.delete("token");
  window.history.replaceState(window.history.state, "", `${url.pathname}${url.search}${url.hash}`);
  return token;
}
