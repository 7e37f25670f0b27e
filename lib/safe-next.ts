// Only same-site paths are followed after sign-in, so a crafted link can't send a user elsewhere.
export function safeNextPath(value: FormDataEntryValue | string | null | undefined, fallback = "/dashboard") {
  if (typeof value !== "string" || !value.startsWith("/") || value.startsWith("//") || value.startsWith("/\\")) return fallback;
  return value;
}
