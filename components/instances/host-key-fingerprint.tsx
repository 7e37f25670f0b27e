import { loadHostKeyFingerprint } from "@/lib/ssh-gateway/host-key";

// What ssh asks the customer to confirm on first connection: the gateway's host key, from its .pub file.
export async function HostKeyFingerprint() {
  const fingerprint = await loadHostKeyFingerprint().catch(() => null);
  if (!fingerprint) return null;
  return (
    <p className="basis-full text-xs text-slate-600">
      Host key:{" "}
      <code className="break-all font-mono" data-testid="host-key-fingerprint">
        {fingerprint}
      </code>{" "}
      (check it when ssh asks on your first connection)
    </p>
  );
}
