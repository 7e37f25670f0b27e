import type { z } from "zod";
import { currentUser, isStaff, type SessionUser } from "./session";

export type ActionState = { error?: string; success?: string };
// What an operation behind a form answers: one message to show, good or bad (expected failures are values).
export type ActionResult = { error: string } | { success: string };

export function parseForm<S extends z.ZodType>(schema: S, formData: FormData) {
  const parsed = schema.safeParse(Object.fromEntries(formData));
  if (parsed.success) return { data: parsed.data as z.infer<S> };
  return { error: parsed.error.issues[0]?.message ?? "Please check the form." };
}

// The only wrappers that read the session for an action: parse, check who is asking, then run.
export function userAction<S extends z.ZodType>(
  schema: S,
  fn: (input: z.infer<S>, user: SessionUser) => Promise<ActionState>,
) {
  return async (_prev: ActionState, formData: FormData): Promise<ActionState> => {
    const user = await currentUser();
    if (!user) return { error: "Please sign in again." };
    const parsed = parseForm(schema, formData);
    if ("error" in parsed) return { error: parsed.error };
    return fn(parsed.data, user);
  };
}

export function staffAction<S extends z.ZodType>(
  schema: S,
  fn: (input: z.infer<S>, user: SessionUser) => Promise<ActionState>,
) {
  return async (_prev: ActionState, formData: FormData): Promise<ActionState> => {
    const user = await currentUser();
    if (!user || !isStaff(user)) return { error: "Not found." };
    const parsed = parseForm(schema, formData);
    if ("error" in parsed) return { error: parsed.error };
    return fn(parsed.data, user);
  };
}
