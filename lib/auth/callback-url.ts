// Where to go after signing in or up. The value comes from the address bar, so anyone
// can write it: it must never send a person to another site (an open redirect makes a
// phishing link look like ours) nor break the redirect itself.

/** A stand-in origin: the value is resolved against it and must stay on it. */
const HERE = "https://study-circle.invalid";

/**
 * Only a path on this site, normalised as a browser would read it, else the fallback.
 * Parsed the WHATWG way, as browsers do: they drop tabs and newlines and read `\` as `/`,
 * so `/\t/evil.example` or `/\/evil.example` mean `//evil.example`, another site.
 */
export function safeCallbackUrl(value: string | string[] | undefined, fallback = "/groups"): string {
  const raw = Array.isArray(value) ? value[0] : value;
  if (!raw || !raw.startsWith("/")) return fallback;
  let url: URL;
  try {
    url = new URL(raw, HERE);
  } catch {
    return fallback;
  }
  if (url.origin !== HERE) return fallback;
  // `/.//evil.example` resolves to the path `//evil.example`: as a Location, another site.
  if (url.pathname.startsWith("//")) return fallback;
  // The serialised URL is percent-encoded: no control character reaches a Location header.
  return url.pathname + url.search + url.hash;
}
