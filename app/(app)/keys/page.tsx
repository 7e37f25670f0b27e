import type { Metadata } from "next";
import Link from "next/link";
import { Card, CardHeader } from "@/components/ui/card";
import { db } from "@/lib/db";
import { listUserKeys, type UserKey } from "@/lib/keys/list-keys";
import { requireUser } from "@/lib/session";
import { AddKeyForm } from "./add-key-form";
import { KeyList, type KeyRow } from "./key-list";

export const metadata: Metadata = { title: "SSH keys" };

// UTC on the server, so the text is the same wherever the page is rendered.
const dateFormat = new Intl.DateTimeFormat("en-US", { dateStyle: "medium", timeZone: "UTC" });
const when = (date: Date) => ({ iso: date.toISOString(), text: dateFormat.format(date) });

function toRow(key: UserKey): KeyRow {
  return {
    id: key.id,
    name: key.name,
    kind: `${key.type.toUpperCase()} · ${key.bits} bits`,
    fingerprint: key.fingerprint,
    added: when(key.createdAt),
    lastUsed: key.lastUsedAt ? when(key.lastUsedAt) : null,
    usedBy: key.instances.map((instance) => instance.name),
  };
}

export default async function KeysPage() {
  const user = await requireUser("/keys");
  const keys = await listUserKeys(db, user.id);
  return (
    <div className="space-y-6">
      <header>
        <h1 className="text-2xl font-bold">SSH keys</h1>
        <p className="mt-1 text-sm text-slate-600">
          You sign in to your instances with these keys. Add one for each computer you work from.
        </p>
      </header>
      <KeyList keys={keys.map(toRow)} />
      <AddKeyForm />
      <KeyHelp />
    </div>
  );
}

function KeyHelp() {
  return (
    <Card>
      <CardHeader title="Don't have a key yet?" />
      <div className="space-y-3 text-sm text-slate-700">
        <p>Create one on your computer (macOS, Linux, or Windows PowerShell), with your own email as the comment:</p>
        <pre className="overflow-x-auto rounded-md bg-slate-900 px-3 py-2 text-slate-100">
          <code>ssh-keygen -t ed25519 -C &quot;you@example.com&quot;</code>
        </pre>
        <p>
          Then paste the contents of <code className="font-mono">~/.ssh/id_ed25519.pub</code> above, or choose that
          file. Only ever add the <strong>.pub</strong> file: the other one is your private key and never leaves your
          computer.
        </p>
        <p>
          More in the{" "}
          <Link className="font-medium underline" href="/help/ssh-keys">
            SSH keys guide
          </Link>
          .
        </p>
      </div>
    </Card>
  );
}
