import type { Backup } from "@/db/schema";
import { ActionForm } from "@/components/ui/action-form";
import { Card, CardHeader } from "@/components/ui/card";
import { Field, inputClass } from "@/components/ui/field";
import { SubmitButton } from "@/components/ui/submit-button";
import { formatBytes, formatDateTime } from "@/lib/format";
import { backupAction, keyAction, restartAction, restoreAction, restoreCopyAction, terminateAction } from "../actions";

type Key = { id: string; name: string; fingerprint: string };

export function KeysPanel({
  instanceId,
  attached,
  available,
}: {
  instanceId: string;
  attached: Key[];
  available: Key[];
}) {
  const attachable = available.filter((k) => !attached.some((a) => a.id === k.id));
  return (
    <Card>
      <CardHeader title="SSH keys" description="Keys that can open a shell on this instance." />
      <ul className="mb-4 divide-y divide-slate-100 text-sm">
        {attached.length === 0 ? <li className="py-2 text-slate-600">No keys yet.</li> : null}
        {attached.map((k) => (
          <li key={k.id} className="flex flex-wrap items-center justify-between gap-2 py-2">
            <span>
              <span className="font-medium">{k.name}</span>{" "}
              <span className="font-mono text-xs text-slate-500">{k.fingerprint}</span>
            </span>
            <ActionForm action={keyAction} label={`Remove ${k.name}`}>
              <input type="hidden" name="instanceId" value={instanceId} />
              <input type="hidden" name="keyId" value={k.id} />
              <input type="hidden" name="op" value="remove" />
              <SubmitButton variant="ghost">Remove {k.name}</SubmitButton>
            </ActionForm>
          </li>
        ))}
      </ul>
      {attachable.length ? (
        <ActionForm action={keyAction} className="flex flex-wrap items-end gap-3" label="Add a key">
          <input type="hidden" name="instanceId" value={instanceId} />
          <input type="hidden" name="op" value="add" />
          <div className="space-y-1">
            <label htmlFor="keyId" className="block text-sm font-medium">
              Add a key
            </label>
            <select id="keyId" name="keyId" className={inputClass}>
              {attachable.map((k) => (
                <option key={k.id} value={k.id}>
                  {k.name}
                </option>
              ))}
            </select>
          </div>
          <SubmitButton variant="secondary">Add key</SubmitButton>
        </ActionForm>
      ) : null}
    </Card>
  );
}

// The plan's daily backups and the customer's own, told apart in the list.
const KIND: Record<Backup["kind"], string> = {
  manual: "on demand",
  scheduled: "scheduled",
  automatic: "automatic",
  final: "final",
};

export function BackupsPanel({
  instanceId,
  requestId,
  backups,
  canBackUp,
  canRestore,
}: {
  instanceId: string;
  requestId: string;
  backups: Backup[];
  canBackUp: boolean;
  canRestore: boolean;
}) {
  const completed = backups.filter((b) => b.status === "completed");
  return (
    <Card>
      <CardHeader title="Backups" description="An archive of the stack's data directory." />
      {canBackUp ? (
        <ActionForm action={backupAction} label="Back up now" className="mb-4">
          <input type="hidden" name="instanceId" value={instanceId} />
          <SubmitButton variant="secondary">Back up now</SubmitButton>
        </ActionForm>
      ) : null}
      <ul className="divide-y divide-slate-100 text-sm" aria-label="Backup list">
        {backups.length === 0 ? <li className="py-2 text-slate-600">No backups yet.</li> : null}
        {backups.map((b) => (
          <li key={b.id} className="flex flex-wrap items-center justify-between gap-2 py-2">
            <span>
              <time dateTime={b.createdAt.toISOString()}>{formatDateTime(b.createdAt)}</time> · {KIND[b.kind]} ·{" "}
              {b.status === "completed" ? formatBytes(b.sizeBytes ?? 0) : b.status}
            </span>
            {b.status === "completed" ? (
              <a className="underline" href={`/instances/${instanceId}/backups/${b.id}`} download>
                Download
              </a>
            ) : null}
          </li>
        ))}
      </ul>
      {canRestore && completed.length ? (
        <ActionForm action={restoreAction} className="mt-4 space-y-3 border-t border-slate-100 pt-4" label="Restore">
          <input type="hidden" name="instanceId" value={instanceId} />
          <input type="hidden" name="requestId" value={requestId} />
          <div className="space-y-1">
            <label htmlFor="backupId" className="block text-sm font-medium">
              Restore a backup
            </label>
            <select id="backupId" name="backupId" className={inputClass}>
              {completed.map((b) => (
                <option key={b.id} value={b.id}>
                  {formatDateTime(b.createdAt)} ({KIND[b.kind]})
                </option>
              ))}
            </select>
          </div>
          <label className="flex items-start gap-2 text-sm">
            <input type="checkbox" name="confirm" className="mt-1" />I understand that the current data is replaced by
            the backup&apos;s.
          </label>
          <SubmitButton variant="secondary">Restore</SubmitButton>
        </ActionForm>
      ) : null}
      {completed.length ? (
        <ActionForm
          action={restoreCopyAction}
          className="mt-4 space-y-3 border-t border-slate-100 pt-4"
          label="Restore into a new instance"
        >
          <input type="hidden" name="instanceId" value={instanceId} />
          <div className="space-y-1">
            <label htmlFor="copyBackupId" className="block text-sm font-medium">
              Restore into a new instance
            </label>
            <select id="copyBackupId" name="backupId" className={inputClass}>
              {completed.map((b) => (
                <option key={b.id} value={b.id}>
                  {formatDateTime(b.createdAt)} ({KIND[b.kind]})
                </option>
              ))}
            </select>
          </div>
          <div className="space-y-1">
            <label htmlFor="copyName" className="block text-sm font-medium">
              Name of the new instance
            </label>
            <input id="copyName" name="name" required className={inputClass} />
          </div>
          <p className="text-sm text-slate-600">
            Same plan and stack; this instance is left as it is. It is created as any new instance is (a trial if you
            have one left, otherwise after payment).
          </p>
          <SubmitButton variant="secondary">Create the copy</SubmitButton>
        </ActionForm>
      ) : null}
    </Card>
  );
}

// Stops and starts the app's container; the instance is "Restarting" until its health check answers again.
export function RestartPanel({ instanceId, requestId }: { instanceId: string; requestId: string }) {
  return (
    <Card>
      <CardHeader
        title="Restart"
        description="Stops your app and starts it again with the same data, for example after changing its files."
      />
      <ActionForm action={restartAction} label="Restart">
        <input type="hidden" name="instanceId" value={instanceId} />
        <input type="hidden" name="requestId" value={requestId} />
        <SubmitButton variant="secondary">Restart</SubmitButton>
      </ActionForm>
    </Card>
  );
}

// An instance without a container (never provisioned) has no data: nothing is backed up, and the panel says so.
export function TerminatePanel({ instanceId, name, hasData }: { instanceId: string; name: string; hasData: boolean }) {
  return (
    <Card className="border-red-200">
      <CardHeader
        title="Terminate"
        description={
          hasData
            ? "Stops the instance for good. A final backup is kept for the retention period; then the container and its data are removed."
            : "Removes the instance for good. It never ran, so there is no data to back up."
        }
      />
      <ActionForm action={terminateAction} className="space-y-3" label="Terminate">
        <input type="hidden" name="instanceId" value={instanceId} />
        <Field id="confirmName" name="confirmName" label={`Type ${name} to confirm`} autoComplete="off" />
        <SubmitButton variant="danger">Terminate instance</SubmitButton>
      </ActionForm>
    </Card>
  );
}
