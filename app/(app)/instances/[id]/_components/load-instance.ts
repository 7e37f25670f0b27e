import { notFound } from "next/navigation";
import { cache } from "react";
import { z } from "zod";
import { db } from "@/lib/db";
import { loadOwnedInstance } from "@/lib/instances/load";
import { requireUser } from "@/lib/session";

// The signed-in customer's instance for the instance page's layout and tabs, read once per request; anyone
// else's (or a malformed id) is a 404.
export const loadInstancePage = cache(async (id: string) => {
  const user = await requireUser(`/instances/${id}`);
  if (!z.uuid().safeParse(id).success) notFound();
  const parts = await loadOwnedInstance(db, user.id, id);
  if (!parts) notFound();
  return { user, ...parts };
});
