const BASE = "http://berth.invalid";

// Only same-site paths are followed after sign-in, so a crafted link can't send a user elsewhere. Control
// characters are refused outright: browsers drop tabs and newlines from URLs ("/\t/evil.example" becomes
// "//evil.example"), and a newline in a Location header is a server error.
export function safeNextPath(value: FormDataEntryValue | string | null | undefined, fallback = "/dashboard") {
  if (
    typeof value !== "string" ||
    value.length > 2048 ||
    !value.startsWith("/") ||
    /[\u0000-\u001f\u007f\\]/.test(value)
  )
    return fallback;
  const url = new URL(value, BASE);
  if (url.origin !== BASE) return fallback;
  return `${url.pathname}${url.search}${url.hash}`;
}
