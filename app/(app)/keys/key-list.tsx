"use client";

import { useActionState, useState, useSyncExternalStore } from "react";
import { FormMessage } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card, CardHeader } from "@/components/ui/card";
import { SubmitButton } from "@/components/ui/submit-button";
import { deleteKeyAction } from "./actions";

type When = { iso: string; text: string };
export type KeyRow = {
  id: string;
  name: string;
  kind: string;
  fingerprint: string;
  added: When;
  lastUsed: When | null;
  usedBy: string[];
};

// One action state for the whole list: the outcome of a delete outlives the row it removed.
export function KeyList({ keys }: { keys: KeyRow[] }) {
  const [state, action] = useActionState(deleteKeyAction, {});
  return (
    <Card>
      <CardHeader title="Your keys" />
      <div className="space-y-4">
        <FormMessage state={state} />
        {keys.length === 0 ? (
          <p className="text-sm text-slate-600">You haven&apos;t added any SSH keys yet.</p>
        ) : (
          <ul aria-label="Your SSH keys" className="divide-y divide-slate-200">
            {keys.map((key) => (
              <KeyItem key={key.id} row={key} action={action} />
            ))}
          </ul>
        )}
      </div>
    </Card>
  );
}

function KeyItem({ row, action }: { row: KeyRow; action: (formData: FormData) => void }) {
  return (
    <li className="space-y-3 py-4 first:pt-0 last:pb-0">
      <h3 className="font-medium break-words text-slate-900">{row.name}</h3>
      <dl className="grid grid-cols-[auto_minmax(0,1fr)] gap-x-4 gap-y-1 text-sm">
        <dt className="text-slate-500">Type</dt>
        <dd className="text-slate-800">{row.kind}</dd>
        <dt className="text-slate-500">Fingerprint</dt>
        <dd className="font-mono break-all text-slate-800">{row.fingerprint}</dd>
        <dt className="text-slate-500">Added</dt>
        <dd className="text-slate-800">
          <time dateTime={row.added.iso}>{row.added.text}</time>
        </dd>
        <dt className="text-slate-500">Last used</dt>
        <dd className="text-slate-800">
          {row.lastUsed ? <time dateTime={row.lastUsed.iso}>{row.lastUsed.text}</time> : "Never"}
        </dd>
        <dt className="text-slate-500">Used by</dt>
        <dd className="break-words text-slate-800">{row.usedBy.length ? row.usedBy.join(", ") : "No instances"}</dd>
      </dl>
      <DeleteKey row={row} action={action} />
    </li>
  );
}

const noSubscription = () => () => {};

function DeleteKey({ row, action }: { row: KeyRow; action: (formData: FormData) => void }) {
  const [confirming, setConfirming] = useState(false);
  // Disabled in the server's HTML: until React hydrates it, a click would do nothing.
  const hydrated = useSyncExternalStore(
    noSubscription,
    () => true,
    () => false,
  );
  if (!confirming) {
    return (
      <Button type="button" variant="secondary" disabled={!hydrated} onClick={() => setConfirming(true)}>
        Delete<span className="sr-only"> {row.name}</span>
      </Button>
    );
  }
  return (
    <form
      action={action}
      aria-label={`Delete ${row.name}`}
      className="space-y-3 rounded-md border border-red-200 bg-red-50 p-3"
    >
      <input type="hidden" name="keyId" value={row.id} />
      <p className="text-sm text-red-900">
        Delete “{row.name}”?{" "}
        {row.usedBy.length
          ? `Used by: ${row.usedBy.join(", ")} — it will be removed from them.`
          : "No instance uses it."}
      </p>
      <div className="flex flex-wrap gap-2">
        <SubmitButton variant="danger" pendingText="Deleting…">
          Delete key
        </SubmitButton>
        {/* Focus lands on the safe choice when the question appears. */}
        <Button type="button" variant="secondary" autoFocus onClick={() => setConfirming(false)}>
          Cancel
        </Button>
      </div>
    </form>
  );
}
