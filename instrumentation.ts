// Runs once when a server starts: a bad configuration stops it here with a message naming the variable.
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { parseEnv } = await import("./lib/env");
  parseEnv(process.env);
}
