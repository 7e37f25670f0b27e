import { z } from "zod";

// An email as people type it: surrounding spaces and capitals don't make it a different address.
export const emailField = z
  .string({ error: "Please enter your email address." })
  .trim()
  .toLowerCase()
  .pipe(z.email("Please enter a valid email address.").max(254, "That email address is too long."));
