"use client";

import { useState } from "react";
import { Button } from "./button";

// Copies a value (an ssh line, a URL) exactly as shown, and says so.
export function CopyButton({ value, label }: { value: string; label: string }) {
  const [copied, setCopied] = useState<"yes" | "failed" | null>(null);
  async function copy() {
    try {
      await navigator.clipboard.writeText(value);
      setCopied("yes");
    } catch {
      setCopied("failed");
    }
  }
  return (
    <Button type="button" variant="ghost" className="px-2 py-0.5 text-xs" onClick={copy} aria-label={label}>
      <span aria-live="polite">
        {copied === "yes" ? "Copied" : copied === "failed" ? "Select and copy it" : "Copy"}
      </span>
    </Button>
  );
}
