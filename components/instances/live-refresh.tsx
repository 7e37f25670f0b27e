"use client";

import { useRouter } from "next/navigation";
import { useEffect } from "react";

// Re-renders the server page in place (no reload) so the status and timeline follow what the jobs do.
export function LiveRefresh({ intervalMs }: { intervalMs: number }) {
  const router = useRouter();
  useEffect(() => {
    const timer = setInterval(() => {
      if (document.visibilityState === "visible") router.refresh();
    }, intervalMs);
    return () => clearInterval(timer);
  }, [router, intervalMs]);
  return null;
}
