"use client";

import { useState } from "react";
import { Button } from "@/components/ui/button";
import { inputClass } from "@/components/ui/field";

type Canned = { id: string; title: string; body: string };

// Puts a canned reply into the reply box at the cursor (or after what is written), to be edited before sending.
export function CannedReplyPicker({ replies, target }: { replies: Canned[]; target: string }) {
  const [chosen, setChosen] = useState("");
  if (replies.length === 0) return null;
  const insert = () => {
    const reply = replies.find((r) => r.id === chosen);
    const box = document.getElementById(target);
    if (!reply || !(box instanceof HTMLTextAreaElement)) return;
    const at = box === document.activeElement || box.selectionStart !== box.value.length ? box.selectionStart : null;
    box.value =
      at === null
        ? [box.value.trimEnd(), reply.body].filter(Boolean).join("\n\n")
        : box.value.slice(0, at) + reply.body + box.value.slice(box.selectionEnd);
    box.focus();
  };
  return (
    <div className="flex flex-wrap items-end gap-2">
      <div className="min-w-48 flex-1 space-y-1">
        <label htmlFor="canned-reply" className="block text-sm font-medium text-slate-800">
          Canned reply
        </label>
        <select id="canned-reply" className={inputClass} value={chosen} onChange={(e) => setChosen(e.target.value)}>
          <option value="">Choose a canned reply…</option>
          {replies.map((r) => (
            <option key={r.id} value={r.id}>
              {r.title}
            </option>
          ))}
        </select>
      </div>
      <Button type="button" variant="secondary" onClick={insert} disabled={!chosen}>
        Insert into reply
      </Button>
    </div>
  );
}
