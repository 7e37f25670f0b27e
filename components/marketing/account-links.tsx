import { unstable_rethrow } from "next/navigation";
import { ButtonLink } from "@/components/ui/button";
import { currentUser } from "@/lib/session";

export function GuestLinks() {
  return (
    <>
      <ButtonLink href="/login" variant="ghost">
        Log in
      </ButtonLink>
      <ButtonLink href="/signup">Start free trial</ButtonLink>
    </>
  );
}

async function signedIn() {
  try {
    return Boolean(await currentUser());
  } catch (error) {
    // Let Next's own signals (dynamic rendering, redirects) through; a failing session lookup
    // must not take the public pages down, so it falls back to the guest links.
    unstable_rethrow(error);
    console.error("marketing header: session lookup failed", error);
    return false;
  }
}

export async function AccountLinks() {
  if (await signedIn()) {
    return <ButtonLink href="/dashboard">Dashboard</ButtonLink>;
  }
  return <GuestLinks />;
}
