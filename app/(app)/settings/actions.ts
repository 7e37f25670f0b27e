"use server";

import { revalidatePath } from "next/cache";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { signIn, signOut } from "@/auth";
import { db } from "@/lib/db";
import {
  changePassword,
  deleteAccount,
  deleteAccountSchema,
  emailChangeSchema,
  nameSchema,
  passwordChangeSchema,
  renameUser,
  requestEmailChange,
} from "@/lib/accounts/settings";
import { userAction } from "@/lib/action";
import { clientIp } from "@/lib/request-ip";

export const renameAction = userAction(nameSchema, async ({ name }, user) => {
  const result = await renameUser(db, user.id, name);
  revalidatePath("/", "layout");
  return result;
});

export const changeEmailAction = userAction(emailChangeSchema, async (input, user) =>
  requestEmailChange(db, user.id, input, clientIp(await headers())),
);

export const changePasswordAction = userAction(passwordChangeSchema, async (input, user) => {
  const result = await changePassword(db, user.id, input, clientIp(await headers()));
  if ("error" in result) return { error: result.error };
  // Every session ended with the old password; this one gets a fresh token so the user stays signed in here,
  // and a fresh request, so nothing renders with the token that was just retired.
  await signIn("credentials", { email: user.email, password: input.newPassword, redirect: false });
  redirect("/settings?notice=password-changed");
});

export const deleteAccountAction = userAction(deleteAccountSchema, async ({ confirmEmail }, user) => {
  const result = await deleteAccount(db, user.id, confirmEmail);
  if ("error" in result) return result;
  await signOut({ redirect: false });
  redirect("/login?notice=deleted");
});
