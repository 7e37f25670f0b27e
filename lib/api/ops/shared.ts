import { z } from "zod";
import { decodeCursor } from "@/lib/admin/keyset";

export const idParams = z.object({ id: z.uuid("That id is not valid.") });

// `?cursor=` from the last page's `nextCursor`, `?limit=` up to 100.
export const pageQuery = z.object({
  cursor: z
    .string()
    .optional()
    .transform((raw, ctx) => {
      if (!raw) return null;
      const cursor = decodeCursor(raw);
      if (!cursor) ctx.addIssue({ code: "custom", message: "That cursor is not valid: pass a nextCursor as it came." });
      return cursor;
    }),
  limit: z.coerce.number().int().min(1, "limit is at least 1.").max(100, "limit is at most 100.").default(50),
});

export const toPageAnswer = <T, R>(p: { items: T[]; next: string | null }, map: (row: T) => R) => ({
  data: p.items.map(map),
  nextCursor: p.next,
});
