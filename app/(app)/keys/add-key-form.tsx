"use client";

import { useActionState } from "react";
import { FormMessage } from "@/components/ui/alert";
import { Card, CardHeader } from "@/components/ui/card";
import { Field, inputClass } from "@/components/ui/field";
import { SubmitButton } from "@/components/ui/submit-button";
import { cn } from "@/lib/cn";
import { KEY_INPUT_MAX } from "@/lib/keys/key-limits";
import { addKeyAction } from "./actions";

const labelClass = "block text-sm font-medium text-slate-800";

// The file is sent as it is and read by the server, which decides what it is; nothing here validates the key.
export function AddKeyForm() {
  const [state, action] = useActionState(addKeyAction, {});
  return (
    <Card>
      <CardHeader title="Add a key" description="Paste your public key, or choose its .pub file." />
      <form action={action} className="space-y-4">
        {state.leakedPrivateKey && state.error ? <LeakWarning message={state.error} /> : <FormMessage state={state} />}
        <div className="space-y-1">
          <label htmlFor="public-key" className={labelClass}>
            Public key
          </label>
          <textarea
            id="public-key"
            name="publicKey"
            rows={4}
            aria-describedby="public-key-hint"
            maxLength={KEY_INPUT_MAX}
            className={cn(inputClass, "font-mono break-all")}
            placeholder="ssh-ed25519 AAAA… you@example.com"
            spellCheck={false}
            autoComplete="off"
            autoCapitalize="off"
            autoCorrect="off"
          />
          <p id="public-key-hint" className="text-xs text-slate-500">
            The single line from your .pub file, such as ~/.ssh/id_ed25519.pub. It starts with ssh-ed25519, ecdsa-sha2
            or ssh-rsa.
          </p>
        </div>
        <div className="space-y-1">
          <label htmlFor="key-file" className={labelClass}>
            Or choose the .pub file
          </label>
          <input
            id="key-file"
            name="keyFile"
            type="file"
            className="block w-full text-sm text-slate-700 file:mr-3 file:min-h-10 file:rounded-md file:border file:border-slate-300 file:bg-white file:px-4 file:py-2 file:text-sm file:font-medium file:text-slate-900 hover:file:bg-slate-50"
          />
        </div>
        <Field
          id="key-name"
          name="name"
          label="Name (optional)"
          maxLength={80}
          autoComplete="off"
          hint="Such as the computer the key lives on. Without one, the key's comment is used."
        />
        <SubmitButton pendingText="Adding…">Add key</SubmitButton>
      </form>
    </Card>
  );
}

// A pasted private key is compromised whatever happens next, so this is louder than an ordinary error.
function LeakWarning({ message }: { message: string }) {
  return (
    <div role="alert" className="space-y-2 rounded-md border-2 border-red-700 bg-red-50 px-4 py-3 text-sm text-red-900">
      <p className="text-base font-bold">That was a private key: treat it as leaked.</p>
      <p>{message}</p>
      <p>Berth did not store what you pasted.</p>
    </div>
  );
}
