"use client";

import { useEffect, useRef, useState } from "react";
import { Alert, FormMessage } from "./alert";

// On a page of several forms only the answer to the latest submit stays: a notice hides as soon as another
// form on the page is sent, so an old "saved" never sits above a new error. Its own form shows it again.
function useHiddenByOtherSubmit() {
  const ref = useRef<HTMLDivElement>(null);
  const [hidden, setHidden] = useState(false);
  useEffect(() => {
    const onSubmit = (event: SubmitEvent) =>
      setHidden(!(event.target instanceof Node && ref.current && event.target.contains(ref.current)));
    document.addEventListener("submit", onSubmit);
    return () => document.removeEventListener("submit", onSubmit);
  }, []);
  return { ref, hidden };
}

export function LatestFormMessage({ state }: { state: { error?: string; success?: string } }) {
  const { ref, hidden } = useHiddenByOtherSubmit();
  return (
    <div ref={ref} className="empty:hidden">
      {hidden ? null : <FormMessage state={state} />}
    </div>
  );
}

export function PageNotice({ children }: { children: React.ReactNode }) {
  const { ref, hidden } = useHiddenByOtherSubmit();
  return (
    <div ref={ref} className="empty:hidden">
      {hidden ? null : <Alert tone="success">{children}</Alert>}
    </div>
  );
}
