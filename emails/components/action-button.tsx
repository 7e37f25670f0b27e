import { Button, Link, Text } from "@react-email/components";

// A button plus the raw URL, so the link still works where buttons don't render.
export function ActionButton({ href, label }: { href: string; label: string }) {
  return (
    <>
      <Button href={href} className="rounded-md bg-slate-900 px-5 py-3 text-sm font-medium text-white">
        {label}
      </Button>
      <Text className="text-xs text-slate-500">
        Or paste this link into your browser: <Link href={href}>{href}</Link>
      </Text>
    </>
  );
}
